using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Waiaas.Mcp.Hosting;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Tests.Hosting;

public sealed class StderrLogFormatterTests
{
    [Theory]
    [InlineData(LogCategories.Server, LogLevel.Information, "[waiaas-mcp] info: hello\n")]
    [InlineData(LogCategories.Session, LogLevel.Warning, "[waiaas-mcp:session] warn: hello\n")]
    [InlineData(LogCategories.Api, LogLevel.Error, "[waiaas-mcp:api] error: hello\n")]
    [InlineData("ModelContextProtocol.Server.McpServer", LogLevel.Warning, "[waiaas-mcp] McpServer: warn: hello\n")]
    public void Write_Category_OneLineWithKnownPrefix(string category, LogLevel level, string expected)
    {
        Assert.Equal(expected, Format(category, level, "hello", null));
    }

    [Fact]
    public void Write_Exception_TypeAndMessageOnlyNoStackTrace()
    {
        Exception exception;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException ex)
        {
            exception = ex;
        }

        var line = Format(LogCategories.Server, LogLevel.Error, "failed", exception);

        Assert.Equal("[waiaas-mcp] error: failed (InvalidOperationException: boom)\n", line);
    }

    [Fact]
    public void Write_TokenInMessageAndException_Redacted()
    {
        var token = Waiaas.Mcp.Tests.Support.TestTokens.Create("s-1", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        var line = Format(LogCategories.Api, LogLevel.Warning, $"daemon said Bearer {token}", new InvalidOperationException($"echo {token}"));

        Waiaas.Mcp.Tests.Support.SecretScan.AssertNoToken([token], ("log line", line));
        Assert.Equal(2, line.Split(Waiaas.Mcp.Configuration.SecretRedaction.RedactedToken).Length - 1);
    }

    private static string Format(string category, LogLevel level, string message, Exception? exception)
    {
        using var writer = new StringWriter();
        var entry = new LogEntry<string>(level, category, default, message, exception, (state, _) => state);
        new StderrLogFormatter().Write(entry, null, writer);
        return writer.ToString();
    }
}
