namespace Waiaas.Mcp.Tests.Support;

/// <summary>Upper bounds for awaits in tests: a hang fails fast instead of stalling the run.</summary>
public static class TestContext
{
    public static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;
}
