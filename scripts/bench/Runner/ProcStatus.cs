using System.Globalization;

namespace Bench.Runner;

/// <summary>Reads a KiB figure (<c>VmHWM</c>: peak RSS, <c>VmRSS</c>: current RSS) from <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcStatus
{
    public static long KiB(int pid, string field)
    {
        // Linux only; elsewhere the RSS rows read 0.
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var prefix = field + ":";
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return long.Parse(line[prefix.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
