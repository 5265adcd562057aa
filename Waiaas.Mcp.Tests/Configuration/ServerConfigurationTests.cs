using Microsoft.Extensions.Logging;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Tests.Configuration;

public sealed class ServerConfigurationTests
{
    private static ServerConfiguration From(params (string Name, string Value)[] variables) =>
        ServerConfiguration.FromVariables(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void FromVariables_Nothing_UsesDefaults()
    {
        var configuration = From();

        Assert.Equal(new Uri("http://127.0.0.1:3100"), configuration.BaseUrl);
        Assert.Null(configuration.DataDir);
        Assert.Null(configuration.SessionToken);
        Assert.Equal(TimeSpan.FromSeconds(30), configuration.RequestTimeout);
        Assert.Equal(LogLevel.Information, configuration.LogLevel);
        Assert.Equal("waiaas-wallet", configuration.ServerName);
        Assert.Empty(configuration.Problems);
    }

    [Fact]
    public void FromVariables_EmptyStrings_CountAsUnset()
    {
        var configuration = From((EnvironmentVariables.BaseUrl, ""), (EnvironmentVariables.DataDir, "  "), (EnvironmentVariables.WalletName, ""));

        Assert.Equal(ServerConfiguration.DefaultBaseUrl, configuration.BaseUrl);
        Assert.Null(configuration.DataDir);
        Assert.Equal("waiaas-wallet", configuration.ServerName);
        Assert.Empty(configuration.Problems);
    }

    [Theory]
    [InlineData("http://localhost:3100/", "http://localhost:3100/")]
    [InlineData("http://127.0.0.1:4000///", "http://127.0.0.1:4000/")]
    [InlineData("https://[::1]:3100", "https://[::1]:3100/")]
    public void FromVariables_BaseUrl_TrailingSlashRemoved(string value, string expected)
    {
        var configuration = From((EnvironmentVariables.BaseUrl, value));

        Assert.Equal(expected, configuration.BaseUrl!.AbsoluteUri);
        Assert.Empty(configuration.Problems);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("127.0.0.1:3100")]
    [InlineData("http://127.0.0.1:3100/?x=1")]
    [InlineData("http://user:pass@127.0.0.1:3100")]
    [InlineData("not a url")]
    public void FromVariables_BadBaseUrl_NoUrlAndAProblemNamingTheVariable(string value)
    {
        var configuration = From((EnvironmentVariables.BaseUrl, value));

        Assert.Null(configuration.BaseUrl);
        Assert.Contains(EnvironmentVariables.BaseUrl, Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void FromVariables_RelativeDataDir_RefusedWithProblem()
    {
        var configuration = From((EnvironmentVariables.DataDir, "relative/dir"));

        Assert.Null(configuration.DataDir);
        Assert.Contains("absolute path", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void FromVariables_TildeDataDir_ExpandsToHome()
    {
        var configuration = From((EnvironmentVariables.DataDir, "~/.waiaas/"));

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Join(home, ".waiaas"), configuration.DataDir);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("id with space")]
    public void FromVariables_WalletIdThatIsNotAFileName_RefusedWithProblem(string value)
    {
        var configuration = From((EnvironmentVariables.WalletId, value));

        Assert.Null(configuration.WalletId);
        Assert.Contains(EnvironmentVariables.WalletId, Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void FromVariables_WalletName_NamesServer()
    {
        Assert.Equal("waiaas-trading", From((EnvironmentVariables.WalletName, "trading")).ServerName);
    }

    [Theory]
    [InlineData("0.5", 500)]
    [InlineData("45", 45_000)]
    public void FromVariables_Timeout_ParsedAsSeconds(string value, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), From((EnvironmentVariables.RequestTimeoutSeconds, value)).RequestTimeout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("100000")]
    public void FromVariables_BadTimeout_DefaultWithProblem(string value)
    {
        var configuration = From((EnvironmentVariables.RequestTimeoutSeconds, value));

        Assert.Equal(ServerConfiguration.DefaultRequestTimeout, configuration.RequestTimeout);
        Assert.Single(configuration.Problems);
    }

    [Theory]
    [InlineData("debug", LogLevel.Debug)]
    [InlineData("WARNING", LogLevel.Warning)]
    [InlineData("none", LogLevel.None)]
    public void FromVariables_LogLevel_Parsed(string value, LogLevel expected)
    {
        Assert.Equal(expected, From((EnvironmentVariables.LogLevel, value)).LogLevel);
    }

    [Fact]
    public void FromVariables_UnknownLogLevel_InfoWithProblem()
    {
        var configuration = From((EnvironmentVariables.LogLevel, "loud"));

        Assert.Equal(LogLevel.Information, configuration.LogLevel);
        Assert.Single(configuration.Problems);
    }

    [Fact]
    public void FromVariables_BaseUrlWithPassword_ProblemNeverRepeatsThePassword()
    {
        var configuration = From((EnvironmentVariables.BaseUrl, "http://me:hunter2@127.0.0.1:3100"));

        Assert.DoesNotContain("hunter2", Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> TokenPastedInto => new()
    {
        { EnvironmentVariables.WalletId, "{token}" },
        { EnvironmentVariables.DataDir, "{token}" },
        { EnvironmentVariables.DataDir, "relative/{token}" },
        { EnvironmentVariables.LogLevel, "{token}" },
        { EnvironmentVariables.Confirm, "{token}" },
        { EnvironmentVariables.RequestTimeoutSeconds, "{token}" },
        { EnvironmentVariables.BaseUrl, "{token}" },
        { EnvironmentVariables.BaseUrl, "http://127.0.0.1:3100/{token}?x=1" },
        // Valid settings but for the token in them, which would be sent in every URL or printed by config.
        { EnvironmentVariables.BaseUrl, "http://127.0.0.1:3100/{token}" },
        { EnvironmentVariables.DataDir, "/home/me/{token}" },
        { EnvironmentVariables.WalletName, "{token}" },
    };

    [Theory]
    [MemberData(nameof(TokenPastedInto))]
    public void FromVariables_TokenPastedIntoTheWrongVariable_ProblemNamesItWithoutRepeatingIt(string name, string value)
    {
        // The problems reach the status resource and doctor's report on stdout, and the log.
        var token = Support.TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var problem = Assert.Single(From((name, value.Replace("{token}", token, StringComparison.Ordinal))).Problems);

        Assert.Contains(name, problem, StringComparison.Ordinal);
        Support.SecretScan.AssertNoToken([token], ("problem", problem));
    }

    [Fact]
    public void FromVariables_BareJwtPastedIntoTheWrongVariable_ProblemNeverShowsItsSignature()
    {
        var token = Support.TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var jwt = token[SecretRedaction.TokenPrefix.Length..];

        var problem = Assert.Single(From((EnvironmentVariables.WalletId, jwt)).Problems);

        Assert.DoesNotContain(jwt[(jwt.LastIndexOf('.') + 1)..], problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_SessionTokenSet_PrintedRedacted()
    {
        var token = Support.TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        var configuration = From((EnvironmentVariables.SessionToken, token), (EnvironmentVariables.WalletId, token));

        var text = configuration.ToString();

        Support.SecretScan.AssertNoToken([token], ("ToString", text));
        Assert.Contains("SessionToken = " + SecretRedaction.RedactedToken, text, StringComparison.Ordinal);
    }

    [Fact]
    public void WatchesTokenFile_OnlyWithADataDir()
    {
        Assert.True(From((EnvironmentVariables.DataDir, "/home/me/.waiaas")).WatchesTokenFile);
        Assert.False(From((EnvironmentVariables.SessionToken, "wai_sess_x")).WatchesTokenFile);
        Assert.False(From((EnvironmentVariables.DataDir, "relative/dir")).WatchesTokenFile);
    }

    [Theory]
    [InlineData(null, nameof(ConfirmationMode.None))]
    [InlineData("none", nameof(ConfirmationMode.None))]
    [InlineData("spend", nameof(ConfirmationMode.Spend))]
    [InlineData("SPEND", nameof(ConfirmationMode.Spend))]
    public void FromVariables_Confirm_Parsed(string? value, string expected)
    {
        var configuration = value is null ? From() : From((EnvironmentVariables.Confirm, value));

        Assert.Equal(expected, configuration.Confirm.ToString());
        Assert.Empty(configuration.Problems);
    }

    [Theory]
    [InlineData("spending")]
    [InlineData("yes")]
    [InlineData("off")]
    public void FromVariables_UnknownConfirm_AsksAnywayWithProblem(string value)
    {
        var configuration = From((EnvironmentVariables.Confirm, value));

        // Whoever set the variable meant to be asked: a typo must not turn the question off.
        Assert.Equal(ConfirmationMode.Spend, configuration.Confirm);
        Assert.Contains(EnvironmentVariables.Confirm, Assert.Single(configuration.Problems), StringComparison.Ordinal);
    }
}
