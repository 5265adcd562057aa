using System.Globalization;
using System.Text;
using Bench.Runner;

// Start-up bench: spawn -> initialize / tools/list replies and peak RSS, as ratios to a trivial AOT floor;
// then one long-lived server under tool calls: per-call overhead against the fake daemon, calls/s, RSS after them;
// then memory: 3 servers at once (PSS, private dirty), large answers. With --baseline, another build goes through
// the same steps in the same run (its start-up spawns interleaved with the others), for before/after figures.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(
        "usage: bench-runner --server <exe> --floor <exe> --fixtures <dir> [--baseline <exe>] [--runs 30] [--warmup 3] [--no-hang]"
        + " [--calls 10000] [--concurrency 16] [--sequential 2000] [--no-calls] [--no-answers]");
    return 2;
}

using var upDaemon = new FakeDaemon(options.Fixtures, hang: false);
using var hangDaemon = new FakeDaemon(options.Fixtures, hang: true);
var token = Token.Create();

var scenarios = new List<Scenario> { new("floor", options.Floor, [], Floor: true) };
foreach (var build in options.Builds)
{
    scenarios.Add(new(build.Label("daemon down"), build.Executable, [("WAIAAS_BASE_URL", "http://127.0.0.1:9")], Floor: false));
    scenarios.Add(new(build.Label("daemon up"), build.Executable, [("WAIAAS_BASE_URL", upDaemon.BaseUrl), ("WAIAAS_SESSION_TOKEN", token)], Floor: false));
    if (options.Hang)
    {
        scenarios.Add(new(build.Label("daemon hanging"), build.Executable, [("WAIAAS_BASE_URL", hangDaemon.BaseUrl), ("WAIAAS_SESSION_TOKEN", token)], Floor: false));
    }
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
if (options.Calls > 0)
{
    // Discarded: this runner (its fake daemon, its HTTP client, its stdio reader) is JIT-compiled and tiers up over
    // the first thousands of requests; without this round the build measured first would look slower.
    CallBench.Run(options with { Calls = 2_000, SequentialCalls = 500 }, options.Server, upDaemon.BaseUrl, token);
}

var measured = options.Builds.Select(build => new BuildResults(
    build,
    options.Calls > 0 ? CallBench.Run(options, build.Executable, upDaemon.BaseUrl, token) : null,
    SharedMemoryBench.Run(build.Executable, upDaemon.BaseUrl, token),
    options.Answers ? AnswerBench.Run(options, build.Executable, upDaemon, token) : [])).ToList();
Console.Error.WriteLine();
Report.Print(options, scenarios, results, measured);
return 0;

internal sealed record Scenario(string Name, string Executable, (string Name, string Value)[] Environment, bool Floor);

/// <summary>A server build under test: the one given by --server, or the --baseline it is compared with.</summary>
internal sealed record Build(string Executable, bool IsBaseline)
{
    /// <summary>A row or scenario name, marked when it is the baseline's.</summary>
    public string Label(string name) => IsBaseline ? $"{name} [baseline]" : name;
}

internal sealed record BuildResults(Build Build, CallResults? Calls, SharedMemoryResult? Shared, IReadOnlyList<AnswerResult> Answers);

internal sealed record Sample(double InitializeMs, double ToolsListMs, long PeakRssKiB, int Tools);

internal sealed record Options(
    string Server, string? Baseline, string Floor, string Fixtures, int Runs, int Warmup, bool Hang, int Calls, int Concurrency, int SequentialCalls, bool Answers)
{
    /// <summary>The server, then the baseline when there is one.</summary>
    public IReadOnlyList<Build> Builds => Baseline is null ? [new(Server, false)] : [new(Server, false), new(Baseline, true)];

    public static Options? Parse(string[] args)
    {
        string? server = null, baseline = null, floor = null, fixtures = null;
        int runs = 30, warmup = 3, calls = 10_000, concurrency = 16, sequential = 2_000;
        var hang = true;
        var answers = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--server": server = Next(); break;
                case "--baseline": baseline = Next(); break;
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
            : new(server, baseline, floor, fixtures, runs, warmup, hang, calls, concurrency, sequential, answers);
    }
}

internal static class Report
{
    private const string None = "-";

    public static void Print(Options options, List<Scenario> scenarios, Dictionary<string, List<Sample>> results, IReadOnlyList<BuildResults> measured)
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

        foreach (var build in measured)
        {
            if (build.Calls is { } calls)
            {
                AddCallRows(rows, build.Build, calls, floorMiB);
            }
        }

        foreach (var build in measured)
        {
            if (build.Shared is { } shared)
            {
                AddSharedMemoryRows(rows, build.Build, shared);
            }
        }

        foreach (var build in measured)
        {
            AddAnswerRows(rows, build.Build, build.Answers);
        }

        var floorSize = new FileInfo(options.Floor).Length / 1e6;
        foreach (var build in measured)
        {
            var size = new FileInfo(build.Build.Executable).Length / 1e6;
            rows.Add(Single(build.Build.Label("binary size (floor " + Number(floorSize, "0.00") + " MB)"), Cell(size, "MB", floorSize)));
        }

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        Console.WriteLine($"# {options.Runs} runs after {options.Warmup} warm-up, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, loadavg at end {load}");
        Console.WriteLine($"# (x) = ratio to the floor's median, or (for calls) to the direct request; server {options.Server}"
            + (options.Baseline is null ? string.Empty : $", baseline {options.Baseline}"));
        string[] header = ["measure", "median", "p99", "min", "max"];
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Append(header).Max(r => r[c].Length)).ToArray();
        Console.WriteLine(Format(header, widths));
        Console.WriteLine(Format(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows)
        {
            Console.WriteLine(Format(row, widths));
        }
    }

    private static void AddCallRows(List<string[]> rows, Build build, CallResults calls, double floorMiB)
    {
        var directMedian = Median(calls.DirectMs);
        var n = calls.ServerMs.Length;
        rows.Add(Row(build.Label($"calls: tools/call connect_info via server ({n} sequential)"), calls.ServerMs.Select(ms => ms * 1000), directMedian * 1000, "us", "0"));
        rows.Add(Row(build.Label($"calls: same GET straight to the fake daemon ({n})"), calls.DirectMs.Select(ms => ms * 1000), directMedian * 1000, "us", "0"));

        // Difference of the percentiles (not percentiles of paired differences): what the server adds at p50 and p99.
        var p50 = (Median(calls.ServerMs) - directMedian) * 1000;
        var p99 = (Percentile(calls.ServerMs, 0.99) - Percentile(calls.DirectMs, 0.99)) * 1000;
        rows.Add([build.Label("calls: per-call overhead, server - direct (p50, p99)"), Number(p50, "0") + " us", Number(p99, "0") + " us", None, None]);

        rows.Add(Single(build.Label($"calls: calls/s via server, {calls.Concurrency} in flight ({calls.Calls})"), Cell(calls.ServerCallsPerSecond, "/s", calls.DirectCallsPerSecond, "0")));
        rows.Add(Single(build.Label($"calls: calls/s straight to the fake daemon, {calls.Concurrency} in flight"), Cell(calls.DirectCallsPerSecond, "/s", calls.DirectCallsPerSecond, "0")));
        rows.Add(Single(build.Label("calls: peak / current RSS after the first call"), Cell(calls.StartHwmKiB / 1024.0, "MiB", floorMiB) + " / " + Cell(calls.StartRssKiB / 1024.0, "MiB", floorMiB)));
        rows.Add(Single(build.Label($"calls: peak / current RSS after {calls.TotalCalls} calls"), Cell(calls.EndHwmKiB / 1024.0, "MiB", floorMiB) + " / " + Cell(calls.EndRssKiB / 1024.0, "MiB", floorMiB)));
    }

    /// <summary>Each of the servers running at once (median, min, max over them), and what one more adds.</summary>
    private static void AddSharedMemoryRows(List<string[]> rows, Build build, SharedMemoryResult shared)
    {
        var label = $"{SharedMemoryResult.Count} servers at once";
        string[] Each(string what, Func<ServerMemory, long> kib)
        {
            var values = shared.Servers.Select(s => kib(s) / 1024.0).Order().ToList();
            return [build.Label($"{label}: {what}, each"), MiB(Median(values)), None, MiB(values[0]), MiB(values[^1])];
        }

        rows.Add(Each("peak RSS (VmHWM)", s => s.PeakRssKiB));
        rows.Add(Each("PSS", s => s.PssKiB));
        rows.Add(Each("private dirty", s => s.PrivateDirtyKiB));
        rows.Add(Each("private clean", s => s.PrivateCleanKiB));
        rows.Add(Single(
            build.Label($"{label}: PSS per extra server (all minus the first alone {MiB(shared.AlonePssKiB / 1024.0)}, / {shared.Servers.Count - 1})"),
            MiB(shared.ExtraPssKiB / 1024.0)));
    }

    private static string MiB(double value) => Number(value, "0.0") + " MiB";

    /// <summary>Peak RSS with large answers, and what it adds to the idle RSS in units of one answer's size.</summary>
    private static void AddAnswerRows(List<string[]> rows, Build build, IReadOnlyList<AnswerResult> answers)
    {
        foreach (var answer in answers)
        {
            var answerMiB = answer.AnswerBytes / (1024.0 * 1024.0);
            var outcome = answer.Calls == 1 ? string.Empty : $", {answer.Answered} answered, {answer.Refused} refused";
            var added = (answer.PeakRssKiB - answer.IdleRssKiB) / 1024.0 / answerMiB;
            rows.Add(Single(
                build.Label($"answers: peak RSS, {answer.Name} ({Number(answerMiB, "0.0")} MiB each{outcome})"),
                $"{Number(answer.PeakRssKiB / 1024.0, "0.0")} MiB (idle {Number(answer.IdleRssKiB / 1024.0, "0.0")} + {Number(added, "0.0")}x answer)"));
            rows.Add(Single(build.Label($"answers: RSS once replied, {answer.Name}"), $"{Number(answer.AfterRssKiB / 1024.0, "0.0")} MiB"));
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
