namespace Waiaas.Mcp.Tests.Support;

/// <summary>Upper bounds for awaits in tests: a hang fails fast instead of stalling the run.</summary>
public static class TestTimeout
{
    /// <summary>A fresh token that cancels ten seconds from now.</summary>
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;
}
