namespace Bench.Runner;

/// <summary>Peak RSS of one server process reading large daemon answers, and how many of those at once it answered or refused.</summary>
internal sealed record AnswerResult(string Name, long AnswerBytes, int Calls, int Answered, int Refused, long IdleRssKiB, long PeakRssKiB, long AfterRssKiB);

/// <summary>
/// Memory under large answers: a fresh server per case calls <c>list_transactions</c>, which the fake daemon answers
/// with the real transaction list grown to the size of the case (Content-Length set, as the daemon does); the case's
/// calls are all sent at once. VmHWM is read once every reply is in, VmRSS then and after.
/// </summary>
internal static class AnswerBench
{
    private const string ToolCall = """{"name":"list_transactions","arguments":{}}""";

    public static IReadOnlyList<AnswerResult> Run(Options options, string executable, FakeDaemon daemon, string token)
    {
        (string Name, int Bytes, int Calls)[] cases =
        [
            ("one 1 MiB answer", 1 << 20, 1),
            ("one 15 MiB answer", 15 << 20, 1),
            ("8 x 15 MiB answers at once", 15 << 20, 8),
        ];
        var results = new List<AnswerResult>();
        foreach (var (name, bytes, calls) in cases)
        {
            daemon.LargeAnswer = FakeDaemon.LargeTransactionList(Path.Combine(options.Fixtures, "GET-v1-transactions.200.json"), bytes);
            using var server = new ServerConnection(executable, [("WAIAAS_BASE_URL", daemon.BaseUrl), ("WAIAAS_SESSION_TOKEN", token)]);
            server.Initialize();
            var idle = ProcStatus.KiB(server.ProcessId, "VmRSS");
            var replies = Task.WhenAll(Enumerable.Range(0, calls).Select(_ => server.Send("tools/call", ToolCall))).GetAwaiter().GetResult();
            var answered = replies.Count(reply => reply.Length >= bytes);
            var refused = replies.Count(reply => reply.Contains("MCP_ANSWER_TOO_LARGE", StringComparison.Ordinal));
            results.Add(new AnswerResult(
                name, daemon.LargeAnswer.Length, calls, answered, refused, idle,
                ProcStatus.KiB(server.ProcessId, "VmHWM"), ProcStatus.KiB(server.ProcessId, "VmRSS")));
            Console.Error.Write("m");
        }

        return results;
    }
}
