using System.Globalization;

namespace Bench.Runner;

/// <summary>
/// Reads a KiB figure of a live process: from <c>/proc/&lt;pid&gt;/status</c> (<c>VmHWM</c>: peak RSS, <c>VmRSS</c>:
/// current RSS) or from <c>/proc/&lt;pid&gt;/smaps_rollup</c> (<c>Pss</c>, <c>Private_Dirty</c>, …: its mappings summed).
/// </summary>
internal static class ProcStatus
{
    public static long KiB(int pid, string field) => Read($"/proc/{pid}/status", field);

    public static long Rollup(int pid, string field) => Read($"/proc/{pid}/smaps_rollup", field);

    private static long Read(string path, string field)
    {
        // Linux only; elsewhere the memory rows read 0.
        if (!File.Exists(path))
        {
            return 0;
        }

        var prefix = field + ":";
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return long.Parse(line[prefix.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
