using System.Globalization;
using System.Text;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>What a probe frame asks; its answer must have the matching shape.</summary>
public enum ProbeKind
{
    Ping,
    ToolsList,
    ResourcesList,

    /// <summary><c>get_transaction</c> with the probe id as <c>transaction_id</c>: the answer names that id.</summary>
    GetTransaction,
}

/// <summary>One input line (without its newline); a probe is a valid request whose answer the test checks.</summary>
public sealed record FuzzFrame(byte[] Bytes, string? ProbeId = null, ProbeKind Probe = ProbeKind.Ping);

/// <summary>
/// Generates hostile input lines for the stdio server from a seed: random bytes, invalid UTF-8, NUL bytes,
/// truncated and deeply nested JSON, lines of 8 MiB and more, CRLF and blank lines, batches, wrong
/// <c>jsonrpc</c> versions, ids of every JSON type, unknown methods, cancellations, client responses, and
/// tool calls and resource reads with hostile arguments. Valid probe requests (some CRLF-terminated or
/// padded) are mixed in. Deterministic for a seed, so a failure names the seed that reproduces it.
/// </summary>
public sealed class FrameFuzzer(int seed)
{
    /// <summary>Twice the server's line cap: such a line must be skipped without being held in memory.</summary>
    public const int HugeLineBytes = (8 * 1024 * 1024) + 17;

    /// <summary>One frame in this many is a huge line (at a seed-independent place, so the cost is fixed).</summary>
    public const int HugeLineEvery = 20_000;

    public const string ProbePrefix = "probe-";

    private static readonly string[] Methods =
        ["initialize", "ping", "tools/list", "tools/call", "resources/list", "resources/read", "resources/templates/list",
         "prompts/list", "logging/setLevel", "completion/complete", "notifications/initialized", "notifications/cancelled",
         "bogus/method", "", "tools/", "TOOLS/LIST", "rpc.discover", "$/cancelRequest", "ping\u0000"];

    /// <summary>Ids of every JSON type, none of them a probe id.</summary>
    private static readonly string[] Ids =
        ["1", "0", "-1", "\"s\"", "\"\"", "null", "1.5", "-0", "1e3", "1E+400", "9223372036854775807", "9223372036854775808",
         "1180591620717411303424", "[]", "[1]", "{}", "{\"id\":1}", "true", "false", "\"\\u0000\"", "\"\\ud800\"",
         "\"" + new string('i', 300) + "\""];

    private static readonly string[] Versions = ["\"2.0\"", "\"1.0\"", "\"2\"", "2", "2.0", "null", "\"\"", "[\"2.0\"]", "\"2.0 \""];

    private static readonly string[] ToolNames =
        ["get_balance", "get_transaction", "get_nft_metadata", "connect_info", "send_token", "waiaas_hl_get_sub_positions",
         "list_offchain_actions", "erc8004_get_agent_info", "action_x_y", "nope", "", "../get_balance", "get_balance\u0000"];

    private static readonly string[] HostileStrings =
        ["../", "..", ".", "%2e%2e/", "%2F", "/", "?x=1", "#frag", "\\..\\", "\uFF0E\uFF0E\uFF0F", "\u2215", "\u0000", "\r\n",
         "\ud800", "wai_sess_", "'; DROP TABLE", "${jndi:ldap://x}", "<script>", "\u202e", "0x", "-1", "1e308"];

    private static readonly string[] ArgumentNames =
        ["wallet_id", "transaction_id", "token_identifier", "network", "to", "amount", "sub_account", "agent_id", "a", "__proto__", ""];

    private static readonly string[] Uris =
        ["waiaas://skills/../x", "waiaas://skills/%2e%2e%2fadmin", "waiaas://skills/wallet", "waiaas://system/status",
         "waiaas://wallet/balance", "file:///etc/passwd", "http://127.0.0.1:9/", "waiaas://skills/", ""];

    private readonly Random _random = new(seed);
    private int _count;

    public FuzzFrame Next()
    {
        _count++;
        if (_count % HugeLineEvery == HugeLineEvery / 2)
        {
            return new FuzzFrame(HugeLine());
        }

        return _random.Next(20) switch
        {
            0 => new FuzzFrame(RandomBytes()),
            1 => new FuzzFrame(InvalidUtf8()),
            2 => new FuzzFrame(WithNul()),
            3 => new FuzzFrame(Truncated()),
            4 => new FuzzFrame(DeeplyNested()),
            5 => new FuzzFrame(Batch()),
            6 => Line($$"""{"jsonrpc":{{Pick(Versions)}},"id":{{Pick(Ids)}},"method":"{{Pick(Methods)}}"}"""),
            7 => Line($$"""{"jsonrpc":"2.0","id":{{Pick(Ids)}},"method":{{Quote(Pick(Methods))}},"params":{{Value(0)}}}"""),
            8 => Line($$"""{"jsonrpc":"2.0","id":{{Pick(Ids)}},"method":"no/such/{{_random.Next(100)}}"}"""),
            9 or 10 => Line($$$"""{"jsonrpc":"2.0","id":{{{Pick(Ids)}}},"method":"tools/call","params":{"name":{{{Quote(Pick(ToolNames))}}},"arguments":{{{HostileArguments()}}}}}"""),
            11 => Line($$$"""{"jsonrpc":"2.0","id":{{{Pick(Ids)}}},"method":"resources/read","params":{"uri":{{{Quote(Pick(Uris))}}}}}"""),
            12 => Line($$"""{"jsonrpc":"2.0","result":{{Value(0)}},"id":{{Pick(Ids)}}}"""),
            13 => Line($$$"""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{{{Pick(Ids)}}}}}"""),
            14 => new FuzzFrame(Encoding.ASCII.GetBytes(Pick(["", "\r", " ", "\t", " \r", "\f", "\v"]))),
            15 => Line(Pick(["null", "1", "\"x\"", "[]", "{}", "true", "{\"jsonrpc\":\"2.0\"}", "{\"id\":1}", "{\"method\":\"ping\"}"])),
            _ => Probe(),
        };
    }

    private FuzzFrame Probe()
    {
        var id = ProbePrefix + _count.ToString(CultureInfo.InvariantCulture);
        // tools/list answers are large (~80 KB): fewer of them keep stdout, and the run, small.
        var kind = Pick([ProbeKind.Ping, ProbeKind.Ping, ProbeKind.ResourcesList, ProbeKind.GetTransaction, ProbeKind.GetTransaction, ProbeKind.ToolsList]);
        var request = kind switch
        {
            ProbeKind.Ping => $$"""{"jsonrpc":"2.0","id":"{{id}}","method":"ping"}""",
            ProbeKind.ToolsList => $$$"""{"jsonrpc":"2.0","method":"tools/list","id":"{{{id}}}","params":{}}""",
            ProbeKind.ResourcesList => $$"""{"id":"{{id}}","jsonrpc":"2.0","method":"resources/list"}""",
            _ => $$$"""{"jsonrpc":"2.0","id":"{{{id}}}","method":"tools/call","params":{"name":"get_transaction","arguments":{"transaction_id":"{{{id}}}"}}""" + "}",
        };
        // CRLF clients and stray whitespace must not cost an answer.
        var framed = Pick(["", "", "\r", " \t", "  \r"]);
        return new FuzzFrame(Encoding.UTF8.GetBytes(Pick(["", "", " "]) + request + framed), id, kind);
    }

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(1, 120)];
        _random.NextBytes(bytes);
        return bytes.Select(b => b == (byte)'\n' ? (byte)0xFF : b).ToArray();
    }

    /// <summary>A well-formed request whose method or argument holds a byte sequence that is not UTF-8.</summary>
    private byte[] InvalidUtf8()
    {
        byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF]];
        var prefix = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","id":{{_random.Next(100)}},"method":"tools/call","params":{"name":"get_transaction","arguments":{"transaction_id":"x""");
        return [.. prefix, .. Pick(invalid), .. "\"}}}"u8];
    }

    private byte[] WithNul()
    {
        var request = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","id":{{_random.Next(100)}},"method":"ping"}""");
        var at = _random.Next(request.Length + 1);
        return [.. request[..at], 0, .. request[at..]];
    }

    private byte[] Truncated()
    {
        var request = Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","id":"t{{{_random.Next(1000)}}}","method":"tools/call","params":{"name":"get_balance","arguments":{"network":"ethereum-sepolia"}}""" + "}");
        return request[.._random.Next(request.Length)];
    }

    private byte[] DeeplyNested()
    {
        var depth = _random.Next(1, 5_000);
        return _random.Next(4) switch
        {
            0 => Encoding.ASCII.GetBytes(new string('[', depth)),
            1 => Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth)),
            2 => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
            // A request whose arguments nest beyond any sane depth.
            _ => Encoding.ASCII.GetBytes(
                $$"""{"jsonrpc":"2.0","id":{{_random.Next(100)}},"method":"tools/call","params":{"name":"send_token","arguments":{"to":""" +
                new string('[', depth) + new string(']', depth) + "}}}"),
        };
    }

    private byte[] Batch()
    {
        var items = Enumerable.Range(0, _random.Next(0, 4))
            .Select(_ => Pick([$$"""{"jsonrpc":"2.0","id":{{Pick(Ids)}},"method":"ping"}""", """{"jsonrpc":"2.0","method":"notifications/initialized"}""", "1", "[]", "null"]));
        return Encoding.UTF8.GetBytes("[" + string.Join(",", items) + "]");
    }

    /// <summary>Over the line cap: half the time a JSON request padded inside a string, else one repeated byte.</summary>
    private byte[] HugeLine()
    {
        var bytes = new byte[HugeLineBytes];
        if (_random.Next(2) == 0)
        {
            Array.Fill(bytes, (byte)'x');
            var head = """{"jsonrpc":"2.0","id":"huge","method":"tools/call","params":{"name":"get_balance","arguments":{"network":" """u8;
            head.CopyTo(bytes);
            "\"}}}"u8.CopyTo(bytes.AsSpan(bytes.Length - 4));
        }
        else
        {
            Array.Fill(bytes, (byte)'[');
        }

        return bytes;
    }

    private string HostileArguments() => _random.Next(5) switch
    {
        0 => Value(0),
        _ => "{" + string.Join(",", Enumerable.Range(0, _random.Next(1, 4)).Select(_ => $"{Quote(Pick(ArgumentNames))}:{HostileValue()}")) + "}",
    };

    private string HostileValue() => _random.Next(4) switch
    {
        0 => Quote(Pick(HostileStrings) + Pick(HostileStrings)),
        1 => Quote(new string(Pick(["a", ".", "/", "%"])[0], _random.Next(1, 10_000))),
        _ => Value(0),
    };

    private string Value(int depth) => _random.Next(depth < 4 ? 12 : 10) switch
    {
        0 => "null",
        1 => "true",
        2 => _random.NextInt64().ToString(CultureInfo.InvariantCulture),
        3 => Pick(["1e308", "-1e-308", "1E+400", "0.1", "-0", "18446744073709551616"]),
        4 => Quote(new string('x', _random.Next(50))),
        5 => "\"\\u0000\\ud800\\u2028\\\\..\\/\"",
        6 => Quote(Pick(HostileStrings)),
        7 => "[]",
        8 => "{}",
        9 => "\"wai_sess_eyJhbGciOiJIUzI1NiJ9.e30.x\"",
        10 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(3)).Select(_ => Value(depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, _random.Next(3)).Select(_ => $"{Quote(Pick(ArgumentNames))}:{Value(depth + 1)}")) + "}",
    };

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text, TestJson.Default.String);

    private static FuzzFrame Line(string text) => new(Encoding.UTF8.GetBytes(text));
}
