using System.Globalization;
using System.Text;
using Bench.Runner;

// Start-up bench: spawn -> initialize / tools/list replies and peak RSS, as ratios to a trivial AOT floor.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: bench-runner --server <exe> --floor <exe> --fixtures <dir> [--runs 30] [--warmup 3] [--no-hang]");
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
Report.Print(options, scenarios, results);
return 0;

internal sealed record Scenario(string Name, string Executable, (string Name, string Value)[] Environment, bool Floor);

internal sealed record Sample(double InitializeMs, double ToolsListMs, long PeakRssKiB, int Tools);

internal sealed record Options(string Server, string Floor, string Fixtures, int Runs, int Warmup, bool Hang)
{
    public static Options? Parse(string[] args)
    {
        string? server = null, floor = null, fixtures = null;
        int runs = 30, warmup = 3;
        var hang = true;
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
                default: return null;
            }
        }

        return server is null || floor is null || fixtures is null || runs < 1 ? null : new(server, floor, fixtures, runs, warmup, hang);
    }
}

internal static class Report
{
    public static void Print(Options options, List<Scenario> scenarios, Dictionary<string, List<Sample>> results)
    {
        var floor = results["floor"];
        var floorMs = Median(floor.Select(s => s.InitializeMs));
        var floorRss = Median(floor.Select(s => (double)s.PeakRssKiB));
        var rows = new List<string[]>();
        foreach (var scenario in scenarios)
        {
            var samples = results[scenario.Name];
            if (scenario.Floor)
            {
                rows.Add(Row("floor: spawn -> reply", samples.Select(s => s.InitializeMs), floorMs, "ms"));
                rows.Add(Row("floor: peak RSS", samples.Select(s => s.PeakRssKiB / 1024.0), floorRss / 1024.0, "MiB"));
                continue;
            }

            var tools = samples.Select(s => s.Tools).Distinct().Order().ToArray();
            rows.Add(Row($"{scenario.Name}: spawn -> initialize", samples.Select(s => s.InitializeMs), floorMs, "ms"));
            rows.Add(Row($"{scenario.Name}: spawn -> tools/list ({string.Join('/', tools)} tools)", samples.Select(s => s.ToolsListMs), floorMs, "ms"));
            rows.Add(Row($"{scenario.Name}: peak RSS", samples.Select(s => s.PeakRssKiB / 1024.0), floorRss / 1024.0, "MiB"));
        }

        var serverSize = new FileInfo(options.Server).Length / 1e6;
        var floorSize = new FileInfo(options.Floor).Length / 1e6;
        rows.Add(Row("binary size (floor " + floorSize.ToString("0.00", CultureInfo.InvariantCulture) + " MB)", [serverSize], floorSize, "MB"));

        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        Console.WriteLine($"# {options.Runs} runs after {options.Warmup} warm-up, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, loadavg at end {load}");
        Console.WriteLine($"# (x) = ratio to the floor's median; server {options.Server}");
        string[] header = ["measure", "median", "min", "max"];
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Append(header).Max(r => r[c].Length)).ToArray();
        Console.WriteLine(Format(header, widths));
        Console.WriteLine(Format(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows)
        {
            Console.WriteLine(Format(row, widths));
        }
    }

    private static string[] Row(string name, IEnumerable<double> values, double floor, string unit)
    {
        var list = values.Order().ToList();
        string Cell(double v) => string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {unit} ({v / floor:0.0}x)");
        return [name, Cell(Median(list)), Cell(list[0]), Cell(list[^1])];
    }

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
}
