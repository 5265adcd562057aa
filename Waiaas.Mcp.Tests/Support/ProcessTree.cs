namespace Waiaas.Mcp.Tests.Support;

/// <summary>Which processes exist and who their parents are, read from /proc (Linux; elsewhere nothing is found).</summary>
public static class ProcessTree
{
    /// <summary>The ids of the live (not zombie) children of <paramref name="parentId"/>.</summary>
    public static IReadOnlyList<int> Children(int parentId)
    {
        var children = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return children;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && ReadStat(pid) is { } stat && stat.ParentId == parentId && stat.State != 'Z')
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>True while a process with <paramref name="pid"/> exists, zombies included (not yet reaped by its parent).</summary>
    public static bool Exists(int pid) => ReadStat(pid) is not null;

    /// <summary>State and parent from /proc/&lt;pid&gt;/stat: "pid (comm) state ppid ..."; comm may hold spaces and ')'.</summary>
    private static (char State, int ParentId)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
