using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// The published binary over real stdio, fed 100,000 generated hostile frames (a fixed seed and a random one, named
/// in any failure) with valid probe requests mixed in. It must not crash, write nothing but JSON-RPC to stdout, answer
/// every probe exactly once (correctly, or refused as busy: the fuzzer never waits for an answer, so it runs past the
/// bound on pending requests), keep its memory bounded and leak no token.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed partial class FramingFuzzTests
{
    private const int FixedSeed = 20261124;
    private const int FramesPerSeed = 50_000;

    /// <summary>
    /// The binary idles near 18 MiB and peaks at 50-56 MiB over this run (measured on 2 cores). Before requests in
    /// flight were bounded it peaked at 76 MiB; holding every 8 MiB line would add 32 MiB.
    /// </summary>
    private const long PeakMemoryLimitBytes = 64L * 1024 * 1024;

    [Fact]
    public async Task Binary_HundredThousandHostileFrames_StdoutOnlyJsonRpcProbesAnsweredMemoryBounded()
    {
        await using var daemon = await FakeDaemon.StartAsync();
        daemon.Fallback = EchoProbeTransactions;
        foreach (var seed in new[] { FixedSeed, Random.Shared.Next() })
        {
            try
            {
                await FuzzAsync(daemon, seed);
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException or InvalidOperationException or KeyNotFoundException or OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Fuzz seed {seed} failed (reproduce with new FrameFuzzer({seed})): {ex.Message}");
            }
        }
    }

    private static async Task FuzzAsync(FakeDaemon daemon, int seed)
    {
        var now = DateTimeOffset.UtcNow;
        var token = TestTokens.Create("s-fuzz", now, now.AddHours(1));
        using var server = ServerProcess.Start(new Dictionary<string, string>
        {
            ["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString(),
            ["WAIAAS_SESSION_TOKEN"] = token,
            ["WAIAAS_MCP_LOG_LEVEL"] = "trace",
        });
        var fuzzer = new FrameFuzzer(seed);
        var probes = new Dictionary<string, ProbeKind>(StringComparer.Ordinal);

        await server.WriteLinesAsync(JsonRpcLines.Initialize, JsonRpcLines.Initialized);
        // One write per 64 KiB instead of two per frame; stdout is read concurrently by ServerProcess. Not
        // disposed: that would close stdin before the memory is read.
        var input = new BufferedStream(server.Stdin, 64 * 1024);
        for (var i = 0; i < FramesPerSeed; i++)
        {
            var frame = fuzzer.Next();
            if (frame.ProbeId is { } probeId)
            {
                probes.Add(probeId, frame.Probe);
            }

            try
            {
                await input.WriteAsync(frame.Bytes);
                input.WriteByte((byte)'\n');
            }
            catch (IOException)
            {
                throw new Xunit.Sdk.XunitException($"The server closed stdin after frame {i} (exit {await server.WaitForExitAsync(TimeSpan.FromSeconds(3))}): {server.Stderr[^Math.Min(server.Stderr.Length, 2000)..]}");
            }
        }

        await input.WriteAsync(Encoding.UTF8.GetBytes(JsonRpcLines.Request("last", "ping") + "\n"));
        await input.FlushAsync();
        // The reply to "last", found by its id's text: WaitForResponseAsync would check every line as JSON-RPC, parsing
        // megabytes of tools/list answers once more before the full check below.
        await server.WaitForOutputAsync("\"id\":\"last\"", TimeSpan.FromSeconds(60));
        var peakMemory = server.PeakResidentBytes();

        server.CloseStdin();

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        var messages = JsonRpcLines.Parse(server.StdoutBytes());
        var answers = messages
            .Where(m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString()!.StartsWith(FrameFuzzer.ProbePrefix, StringComparison.Ordinal))
            .GroupBy(m => m.GetProperty("id").GetString()!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var firstListings = new Dictionary<ProbeKind, string>();
        var answeredKinds = new HashSet<ProbeKind>();
        foreach (var (id, kind) in probes)
        {
            Assert.True(answers.TryGetValue(id, out var answer), $"probe {id} ({kind}) got no answer");
            if (!IsBusy(Assert.Single(answer)))
            {
                AssertProbeAnswer(id, kind, answer[0], firstListings);
                answeredKinds.Add(kind);
            }
        }

        Assert.Equal(probes.Count, answers.Count);
        Assert.Equal(Enum.GetValues<ProbeKind>().Length, answeredKinds.Count);
        // The padded request was over the line cap: skipped, never answered.
        Assert.DoesNotContain(messages, m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == "huge");
        if (peakMemory is { } peak)
        {
            Assert.True(peak < PeakMemoryLimitBytes, $"peak resident memory {peak / 1024 / 1024} MiB >= {PeakMemoryLimitBytes / 1024 / 1024} MiB");
        }
        SecretScan.AssertNoToken([token], SecretScan.Bytes("stdout", server.StdoutBytes()), ("stderr", server.Stderr));
    }

    private static bool IsBusy(JsonElement answer) =>
        answer.TryGetProperty("error", out var error) && error.GetProperty("code").GetInt32() == LineDelimitedServerTransport.ServerBusyCode;

    /// <summary>Checks one probe's answer; a list probe must list what the first probe of its kind did.</summary>
    private static void AssertProbeAnswer(string id, ProbeKind kind, JsonElement answer, Dictionary<ProbeKind, string> firstListings)
    {
        Assert.True(answer.TryGetProperty("result", out var result), $"probe {id} ({kind}) failed: {answer}");
        switch (kind)
        {
            case ProbeKind.Ping:
                Assert.Equal(JsonValueKind.Object, result.ValueKind);
                break;
            case ProbeKind.ToolsList:
                AssertSameListing(id, kind, result.GetProperty("tools"), firstListings);
                break;
            case ProbeKind.ResourcesList:
                AssertSameListing(id, kind, result.GetProperty("resources"), firstListings);
                break;
            case ProbeKind.GetTransaction:
                Assert.False(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), $"probe {id}: {result}");
                var text = result.GetProperty("content")[0].GetProperty("text").GetString()!;
                Assert.Equal(id, JsonDocument.Parse(text).RootElement.GetProperty("id").GetString());
                break;
        }
    }

    /// <summary>The hostile frames around a list request change nothing: every answer is the first one's, and not empty.</summary>
    private static void AssertSameListing(string id, ProbeKind kind, JsonElement listing, Dictionary<ProbeKind, string> firstListings)
    {
        Assert.True(listing.GetArrayLength() > 0, $"probe {id} ({kind}) listed nothing");
        var text = listing.GetRawText();
        if (!firstListings.TryAdd(kind, text))
        {
            Assert.True(firstListings[kind] == text, $"probe {id} ({kind}) listed something else than the first {kind} probe");
        }
    }

    /// <summary>A transaction named like a probe exists and echoes its id; everything else is not found.</summary>
    private static FakeResponse EchoProbeTransactions(RecordedRequest request) =>
        ProbeTransactionPath().Match(request.PathAndQuery) is { Success: true } match
            ? new FakeResponse(200, $$"""{"id":"{{match.Groups[1].Value}}","status":"CONFIRMED"}""")
            : FakeResponse.Error(404, "NOT_FOUND", "Not found");

    [GeneratedRegex("^/v1/transactions/(probe-[0-9]+)$")]
    private static partial Regex ProbeTransactionPath();
}
