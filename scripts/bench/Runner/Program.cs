using System.Globalization;
using System.Text;
using Bench.Runner;

// Start-up bench: spawn -> initialize / tools/list replies and peak RSS, as ratios to a trivial AOT floor;
// then one long-lived server under tool calls: per-call overhead against the fake daemon, calls/s, RSS after them.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(
        "usage: bench-runner --server <exe> --floor <exe> --fixtures <dir> [--runs 30] [--warmup 3] [--no-hang]"
        + " [--calls 10000] [--concurrency 16] [--sequential 2000] [--no-calls] [--no-answers]");
    return 2;
}

using var upDaemon = new FakeDaemon(options.Fixtures, hang: false);
using var hangDaemon = new FakeDaemon(options.Fixtures, hang: true);
var token = Token.Create();

var scenarios = new List<Scenario>
{
    new("floor", options.Floor, [], Floor: true),
    new("daemon down", options.Server, [("WAIAAS_BASE_URL", "http://127.0.0.1:9")], Floor: false),
    new("daemon up", options.Server, [("WAIAAS_BASE_URL", upDaemon.BaseUrl), ("WAIAAS_SESSION_TOKEN", token)], Floor: false),
};
if (options.Hang)
{
    scenarios.Add(new("daemon hanging", options.Server, [("WAIAAS_BASE_URL", hangDaemon.BaseUrl), ("WAIAAS_SESSION_TOKEN", token)], Floor: false));
}

var results = scenarios.ToDictionary(s => s.Name, _ => new List<Sample>());
for (var i = 0; i < options.Warmup + options.Runs; i++)
{
    // Interleaved, so every scenario sees the same background load as the floor.
    foreach (var scenario in scenarios)
    {
        var sample = Spawner.Run(scenario);
        if (i >= options.Warmup)
        {
            results[scenario.Name].Add(sample);
        }
    }

    hangDaemon.DropConnections();
    Console.Error.Write(i < options.Warmup ? "w" : ".");
}

Console.Error.WriteLine();
var calls = options.Calls > 0 ? CallBench.Run(options, upDaemon.BaseUrl, token) : null;
var answers = options.Answers ? AnswerBench.Run(options, upDaemon, token) : [];
Console.Error.WriteLine();
Report.Print(options, scenarios, results, calls, answers);
return 0;

internal sealed record Scenario(string Name, string Executable, (string Name, string Value)[] Environment, bool Floor);

internal sealed record Sample(double InitializeMs, double ToolsListMs, long PeakRssKiB, int Tools);

internal sealed record Options(
    string Server, string Floor, string Fixtures, int Runs, int Warmup, bool Hang, int Calls, int Concurrency, int SequentialCalls, bool Answers)
{
    public static Options? Parse(string[] args)
    {
        string? server = null, floor = null, fixtures = null;
        int runs = 30, warmup = 3, calls = 10_000, concurrency = 16, sequential = 2_000;
        var hang = true;
        var answers = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--server": server = Next(); break;
                case "--floor": floor = Next(); break;
                case "--fixtures": fixtures = Next(); break;
                case "--runs": runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-hang": hang = false; break;
                case "--calls": calls = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--sequential": sequential = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--no-calls": calls = 0; break;
                case "--no-answers": answers = false; break;
                default: return null;
            }
        }

        return server is null || floor is null || fixtures is null || runs < 1 || concurrency < 1 || sequential < 1
            ? null
            : new(server, floor, fixtures, runs, warmup, hang, calls, concurrency, sequential, answers);
    }
}

internal static class Report
{
    private const string None = "-";

    public static void Print(
        Options options, List<Scenario> scenarios, Dictionary<string, List<Sample>> results, CallResults? calls, IReadOnlyList<AnswerResult> answers)
    {
        var floor = results["floor"];
        var floorMs = Median(floor.Select(s => s.InitializeMs));
        var floorMiB = Median(floor.Select(s => s.PeakRssKiB / 1024.0));
        var rows = new List<string[]>();
        foreach (var scenario in scenarios)
        {
            var samples = results[scenario.Name];
            if (scenario.Floor)
            {
                rows.Add(Row("floor: spawn -> reply", samples.Select(s => s.InitializeMs), floorMs, "ms"));
                rows.Add(Row("floor: peak RSS", samples.Select(s => s.PeakRssKiB / 1024.0), floorMiB, "MiB"));
                continue;
            }

            var tools = samples.Select(s => s.Tools).Distinct().Order().ToArray();
            rows.Add(Row($"{scenario.Name}: spawn -> initialize", samples.Select(s => s.InitializeMs), floorMs, "ms"));
            rows.Add(Row($"{scenario.Name}: spawn -> tools/list ({string.Join('/', tools)} tools)", samples.Select(s => s.ToolsListMs), floorMs, "ms"));
            rows.Add(Row($"{scenario.Name}: peak RSS", samples.Select(s => s.PeakRssKiB / 1024.0), floorMiB, "MiB"));
        }

        if (calls is not null)
        {
            AddCallRows(rows, calls, floorMiB);
        }

        AddAnswerRows(rows, answers);

        var serverSize = new FileInfo(options.Server).Length / 1e6;
        var floorSize = new FileInfo(options.Floor).Length / 1e6;
        rows.Add(Single("binary size (floor " + Number(floorSize, "0.00") + " MB)", Cell(serverSize, "MB", floorSize)));

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        Console.WriteLine($"# {options.Runs} runs after {options.Warmup} warm-up, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, loadavg at end {load}");
        Console.WriteLine($"# (x) = ratio to the floor's median, or (for calls) to the direct request; server {options.Server}");
        string[] header = ["measure", "median", "p99", "min", "max"];
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Append(header).Max(r => r[c].Length)).ToArray();
        Console.WriteLine(Format(header, widths));
        Console.WriteLine(Format(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows)
        {
            Console.WriteLine(Format(row, widths));
        }
    }

    private static void AddCallRows(List<string[]> rows, CallResults calls, double floorMiB)
    {
        var directMedian = Median(calls.DirectMs);
        var n = calls.ServerMs.Length;
        rows.Add(Row($"calls: tools/call connect_info via server ({n} sequential)", calls.ServerMs.Select(ms => ms * 1000), directMedian * 1000, "us", "0"));
        rows.Add(Row($"calls: same GET straight to the fake daemon ({n})", calls.DirectMs.Select(ms => ms * 1000), directMedian * 1000, "us", "0"));

        // Difference of the percentiles (not percentiles of paired differences): what the server adds at p50 and p99.
        var p50 = (Median(calls.ServerMs) - directMedian) * 1000;
        var p99 = (Percentile(calls.ServerMs, 0.99) - Percentile(calls.DirectMs, 0.99)) * 1000;
        rows.Add(["calls: per-call overhead, server - direct (p50, p99)", Number(p50, "0") + " us", Number(p99, "0") + " us", None, None]);

        rows.Add(Single($"calls: calls/s via server, {calls.Concurrency} in flight ({calls.Calls})", Cell(calls.ServerCallsPerSecond, "/s", calls.DirectCallsPerSecond, "0")));
        rows.Add(Single($"calls: calls/s straight to the fake daemon, {calls.Concurrency} in flight", Cell(calls.DirectCallsPerSecond, "/s", calls.DirectCallsPerSecond, "0")));
        rows.Add(Single("calls: peak / current RSS after the first call", Cell(calls.StartHwmKiB / 1024.0, "MiB", floorMiB) + " / " + Cell(calls.StartRssKiB / 1024.0, "MiB", floorMiB)));
        rows.Add(Single($"calls: peak / current RSS after {calls.TotalCalls} calls", Cell(calls.EndHwmKiB / 1024.0, "MiB", floorMiB) + " / " + Cell(calls.EndRssKiB / 1024.0, "MiB", floorMiB)));
    }

    /// <summary>Peak RSS with large answers, and what it adds to the idle RSS in units of one answer's size.</summary>
    private static void AddAnswerRows(List<string[]> rows, IReadOnlyList<AnswerResult> answers)
    {
        foreach (var answer in answers)
        {
            var answerMiB = answer.AnswerBytes / (1024.0 * 1024.0);
            var outcome = answer.Calls == 1 ? string.Empty : $", {answer.Answered} answered, {answer.Refused} refused";
            var added = (answer.PeakRssKiB - answer.IdleRssKiB) / 1024.0 / answerMiB;
            rows.Add(Single(
                $"answers: peak RSS, {answer.Name} ({Number(answerMiB, "0.0")} MiB each{outcome})",
                $"{Number(answer.PeakRssKiB / 1024.0, "0.0")} MiB (idle {Number(answer.IdleRssKiB / 1024.0, "0.0")} + {Number(added, "0.0")}x answer)"));
            rows.Add(Single($"answers: RSS once replied, {answer.Name}", $"{Number(answer.AfterRssKiB / 1024.0, "0.0")} MiB"));
        }
    }

    private static string[] Row(string name, IEnumerable<double> values, double reference, string unit, string format = "0.0")
    {
        var list = values.Order().ToList();
        string At(double value) => Cell(value, unit, reference, format);
        return [name, At(Median(list)), At(Percentile(list, 0.99)), At(list[0]), At(list[^1])];
    }

    private static string[] Single(string name, string value) => [name, value, None, None, None];

    private static string Cell(double value, string unit, double reference, string format = "0.0") =>
        $"{Number(value, format)} {unit} ({Number(value / reference, "0.0")}x)";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Format(string[] cells, int[] widths)
    {
        var sb = new StringBuilder("|");
        for (var i = 0; i < cells.Length; i++)
        {
            sb.Append(' ').Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        }

        return sb.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var list = values.Order().ToList();
        return list.Count % 2 == 1 ? list[list.Count / 2] : (list[(list.Count / 2) - 1] + list[list.Count / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(IEnumerable<double> values, double fraction)
    {
        var list = values.Order().ToList();
        return list[Math.Clamp((int)Math.Ceiling(fraction * list.Count) - 1, 0, list.Count - 1)];
    }
}
