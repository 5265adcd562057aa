namespace Waiaas.Mcp.Tests.Support;

/// <summary>A fact that needs what only Unix has (POSIX signals, permission bits); on Windows it is skipped, saying why.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute(string whyNotWindows)
    {
        WhyNotWindows = whyNotWindows;
        if (OperatingSystem.IsWindows())
        {
            Skip = whyNotWindows;
        }
    }

    public string WhyNotWindows { get; }
}

/// <summary>A theory that needs what only Unix has; on Windows all its cases are skipped, saying why.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute(string whyNotWindows)
    {
        WhyNotWindows = whyNotWindows;
        if (OperatingSystem.IsWindows())
        {
            Skip = whyNotWindows;
        }
    }

    public string WhyNotWindows { get; }
}
