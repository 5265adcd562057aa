using Waiaas.Mcp.Session;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>The scanner itself: it must catch every partial copy and let the redacted form through.</summary>
public sealed class SecretScanTests
{
    private static readonly string Token = TestTokens.Create("session-1", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));

    [Fact]
    public void FindLeak_RedactedForm_IsAllowed() =>
        Assert.Null(SecretScan.FindLeak(Token, $"[waiaas-mcp:session] adopted {TokenRedaction.Redact(Token)}"));

    [Fact]
    public void FindLeak_OneCharacterPastTheVisiblePrefix_IsALeak() =>
        Assert.NotNull(SecretScan.FindLeak(Token, "x" + Token[..(TokenRedaction.VisibleCharacters + 1)] + "x"));

    [Fact]
    public void FindLeak_SignatureAlone_IsALeak() =>
        Assert.NotNull(SecretScan.FindLeak(Token, "Bearer ..." + Token[(Token.LastIndexOf('.') + 1)..]));

    [Fact]
    public void FindLeak_WholeToken_IsALeak() => Assert.NotNull(SecretScan.FindLeak(Token, $"{{\"token\":\"{Token}\"}}"));
}
