using Waiaas.Mcp.Session;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Session;

public class SessionTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decode_ValidToken_ReadsClaims()
    {
        var value = TestTokens.Create("session-1", Now.AddMinutes(-5), Now.AddHours(1));

        var decoding = SessionToken.Decode(value, Now);

        Assert.True(decoding.IsValid);
        Assert.Equal(value, decoding.Token.Value);
        Assert.Equal("session-1", decoding.Token.SessionId);
        Assert.Equal(Now.AddMinutes(-5), decoding.Token.IssuedAt);
        Assert.Equal(Now.AddHours(1), decoding.Token.ExpiresAt);
        Assert.False(decoding.Token.IsUnlimited);
        Assert.False(decoding.Token.IsExpired(Now));
        Assert.True(decoding.Token.IsExpired(Now.AddHours(1)));
    }

    [Fact]
    public void Decode_LegacySessionIdClaim_IsAccepted()
    {
        var decoding = SessionToken.Decode(TestTokens.Create("legacy-1", Now, Now.AddHours(1), idClaim: "sessionId"), Now);

        Assert.True(decoding.IsValid);
        Assert.Equal("legacy-1", decoding.Token.SessionId);
    }

    [Fact]
    public void Decode_SubAndSessionId_SubWins()
    {
        var decoding = SessionToken.Decode(TestTokens.FromPayload("""{"sessionId":"old","sub":"new","exp":1767272400}"""), Now);

        Assert.True(decoding.IsValid);
        Assert.Equal("new", decoding.Token.SessionId);
    }

    [Fact]
    public void Decode_NoExp_IsUnlimited()
    {
        var decoding = SessionToken.Decode(TestTokens.Create("s", Now, expiresAt: null), Now);

        Assert.True(decoding.IsValid);
        Assert.True(decoding.Token.IsUnlimited);
        Assert.False(decoding.Token.IsExpired(Now.AddYears(50)));
    }

    [Fact]
    public void Decode_NoIat_IsAcceptedWithoutIssuedAt()
    {
        var decoding = SessionToken.Decode(TestTokens.Create("s", issuedAt: null, Now.AddHours(1)), Now);

        Assert.True(decoding.IsValid);
        Assert.Null(decoding.Token.IssuedAt);
    }

    [Fact]
    public void Decode_ExpiredWithinRange_IsValidButExpired()
    {
        var decoding = SessionToken.Decode(TestTokens.Create("s", Now.AddDays(-2), Now.AddDays(-1)), Now);

        Assert.True(decoding.IsValid);
        Assert.True(decoding.Token.IsExpired(Now));
    }

    [Theory]
    [InlineData(-3700)]
    [InlineData(400)]
    public void Decode_ExpOutOfRange_IsRefused(int days)
    {
        var decoding = SessionToken.Decode(TestTokens.Create("s", null, Now.AddDays(days)), Now);

        Assert.False(decoding.IsValid);
        Assert.Contains("exp", decoding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ExpOneYearAhead_IsAccepted()
    {
        Assert.True(SessionToken.Decode(TestTokens.Create("s", Now, Now.AddDays(365)), Now).IsValid);
    }

    [Theory]
    [InlineData("""{"sub":"s","exp":"tomorrow"}""", "exp")]
    [InlineData("""{"sub":"","exp":1767272400}""", "session id")]
    [InlineData("""{"sub":42}""", "session id")]
    [InlineData("""{"exp":1767272400}""", "session id")]
    [InlineData("""["sub","s"]""", "not a JSON object")]
    [InlineData("\"just a string\"", "not a JSON object")]
    [InlineData("""{"sub":"s",""", "not valid JSON")]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("""{"sub":"a","sub":"b"}""", "not valid JSON")]
    public void Decode_BadPayload_IsRefusedWithReason(string payload, string reason)
    {
        var decoding = SessionToken.Decode(TestTokens.FromPayload(payload), Now);

        Assert.False(decoding.IsValid);
        Assert.Contains(reason, decoding.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzIn0.c2ln", "wai_sess_")]
    [InlineData("Bearer wai_sess_a.b.c", "wai_sess_")]
    [InlineData("wai_sess_", "three")]
    [InlineData("wai_sess_abc", "three")]
    [InlineData("wai_sess_a.b", "three")]
    [InlineData("wai_sess_a.b.c.d", "three")]
    [InlineData("wai_sess_a..c", "part 2")]
    [InlineData("wai_sess_a.b c.d", "part 2")]
    [InlineData("wai_sess_a.b+/=.c", "part 2")]
    [InlineData("wai_sess_a.A.c", "base64url")]
    [InlineData("wai_sess_REDACTED", "three")]
    public void Decode_Garbage_IsRefusedWithReason(string? value, string reason)
    {
        var decoding = SessionToken.Decode(value, Now);

        Assert.False(decoding.IsValid);
        Assert.Contains(reason, decoding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_HugeInput_IsRefused()
    {
        var decoding = SessionToken.Decode("wai_sess_" + new string('a', 100_000), Now);

        Assert.False(decoding.IsValid);
    }

    [Fact]
    public void Decode_RefusalReason_NeverContainsTheToken()
    {
        var value = TestTokens.FromPayload("""{"sub":42}""");

        var decoding = SessionToken.Decode(value, Now);

        Assert.DoesNotContain(value[..13], decoding.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wai_sess_eyJhbGciOiJIUzI1NiJ9.payload.sig", "wai_sess_eyJ…")]
    [InlineData("short", "short…")]
    [InlineData(null, "(none)")]
    public void Redact_AnyToken_ShowsAtMostTwelveCharacters(string? token, string expected)
    {
        Assert.Equal(expected, TokenRedaction.Redact(token));
    }

    [Fact]
    public void ToString_TokenAndDecoding_PrintTheTokenRedacted()
    {
        var value = TestTokens.Create("session-1", Now.AddMinutes(-5), Now.AddHours(1));
        var decoding = SessionToken.Decode(value, Now);

        var texts = new[] { decoding.Token!.ToString(), decoding.ToString() };

        SecretScan.AssertNoToken([value], [.. texts.Select(text => ("ToString", text))]);
        Assert.All(texts, text => Assert.Contains("session-1", text, StringComparison.Ordinal));
    }
}
