using System.Text;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Configuration;

public sealed class SecretRedactionTests
{
    private static readonly string Token = TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

    [Theory]
    [InlineData("Authorization: Bearer {0}")]
    [InlineData("{0}")]
    [InlineData("\"{0}\",\"{0}\"")]
    [InlineData("a{0}b")]
    [InlineData("token={0}&x=1")]
    public void Redact_TokenAnywhere_Replaced(string template)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Token);

        var redacted = SecretRedaction.Redact(text);

        SecretScan.AssertNoToken([Token], ("redacted", redacted));
        Assert.Equal(text.Split(Token).Length - 1, redacted.Split(SecretRedaction.RedactedToken).Length - 1);
    }

    [Theory]
    [InlineData("no token here")]
    [InlineData("tokens start with wai_sess_ and are JWTs")]
    [InlineData("wai_sess_<token>")]
    [InlineData("wai_sess_short")]
    [InlineData("Authorization: Bearer wai_sess_REDACTED")]
    public void Redact_NoToken_SameText(string text)
    {
        Assert.Same(text, SecretRedaction.Redact(text));
    }

    [Fact]
    public void RedactInPlace_SecretWithOrWithoutItsPrefix_WholeTokenReplacedAndLengthShrinks()
    {
        var secret = Token[(Token.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var text = $$"""{"a":"Bearer {{Token}}","b":"{{secret}}","c":"{{Token}}x"}""";
        var bytes = Encoding.UTF8.GetBytes(text);

        var length = SecretRedaction.RedactInPlace(bytes, Encoding.UTF8.GetBytes(secret));

        Assert.Equal(
            """{"a":"Bearer wai_sess_[redacted]","b":"wai_sess_[redacted]","c":"wai_sess_[redacted]"}""",
            Encoding.UTF8.GetString(bytes, 0, length));
    }

    [Fact]
    public void RedactedTokenUtf8_IsRedactedToken()
    {
        Assert.Equal(SecretRedaction.RedactedToken, Encoding.UTF8.GetString(SecretRedaction.RedactedTokenUtf8));
    }

    [Theory]
    [InlineData("http://user:hunter2@127.0.0.1:3100", "http://***@127.0.0.1:3100")]
    [InlineData("http://:hunter2@localhost/x@y", "http://***@localhost/x@y")]
    [InlineData("user:hunter2@127.0.0.1", "***@127.0.0.1")]
    [InlineData("http://127.0.0.1:3100/a@b", "http://127.0.0.1:3100/a@b")]
    public void RedactUrlCredentials_UserInformation_Hidden(string url, string expected)
    {
        Assert.Equal(expected, SecretRedaction.RedactUrlCredentials(url));
    }
}
