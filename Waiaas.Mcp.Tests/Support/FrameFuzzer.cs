using System.Text;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// Generates hostile input lines for the stdio server from a seed: garbage bytes, truncated and deeply nested
/// JSON, batches, wrong versions, ids of every type, unknown methods, cancellations and tool calls with
/// random arguments. Deterministic for a seed, so a failure names the seed that reproduces it.
/// </summary>
public sealed class FrameFuzzer(int seed)
{
    private static readonly string[] Methods =
        ["initialize", "ping", "tools/list", "tools/call", "resources/list", "resources/read", "resources/templates/list",
         "notifications/initialized", "notifications/cancelled", "bogus/method", ""];

    private static readonly string[] Ids = ["1", "\"s\"", "null", "1.5", "[]", "{}", "true", "-0", "1180591620717411303424"];
    private static readonly string[] ToolNames = ["\"get_balance\"", "\"get_transaction\"", "\"connect_info\"", "\"nope\"", "null", "5"];
    private static readonly string[] Uris = ["\"waiaas://skills/../x\"", "\"waiaas://skills/wallet\"", "\"waiaas://system/status\"", "null", "7"];

    private readonly Random _random = new(seed);

    public byte[] Next() => _random.Next(12) switch
    {
        0 => Garbage(),
        1 => Encoding.ASCII.GetBytes(new string('[', _random.Next(1, 3000))),
        2 => Utf8("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]"""),
        3 => Utf8($$"""{"jsonrpc":{{Pick(["\"2.0\"", "\"1.0\"", "2", "null"])}},"id":{{Pick(Ids)}},"method":"{{Pick(Methods)}}","params":{{Value(0)}}}"""),
        4 => Utf8($$"""{"jsonrpc":"2.0","id":{{Pick(Ids)}},"method":"tools/call","params":{"name":{{Pick(ToolNames)}},"arguments":""" + Value(0) + "}}"),
        5 => Utf8($$"""{"jsonrpc":"2.0","id":{{_random.Next(1000)}},"method":"resources/read","params":{"uri":""" + Pick(Uris) + "}}"),
        6 => "\r"u8.ToArray(),
        7 => Utf8("""{"jsonrpc":"2.0","id":1,"method":"ping" """),
        8 => Utf8($$"""{"jsonrpc":"2.0","result":{{Value(0)}},"id":{{Pick(Ids)}}}"""),
        9 => Utf8("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":""" + Pick(Ids) + "}}"),
        10 => [0, 0, 0],
        _ => Utf8($$"""{"jsonrpc":"2.0","id":"q{{_random.Next(1_000_000)}}","method":"tools/list"}"""),
    };

    private byte[] Garbage()
    {
        var bytes = new byte[_random.Next(80)];
        _random.NextBytes(bytes);
        return bytes.Select(b => b == (byte)'\n' ? (byte)' ' : b).ToArray();
    }

    private string Value(int depth) => _random.Next(depth < 4 ? 10 : 8) switch
    {
        0 => "null",
        1 => "true",
        2 => _random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => "1e308",
        4 => $"\"{new string('x', _random.Next(50))}\"",
        5 => "\"\\u0000\\ud800\\u2028\"",
        6 => "[]",
        7 => "{}",
        8 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(3)).Select(_ => Value(depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, _random.Next(3)).Select(_ => $"\"{Pick(["a", "wallet_id", "transaction_id", "network"])}\":{Value(depth + 1)}")) + "}",
    };

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
