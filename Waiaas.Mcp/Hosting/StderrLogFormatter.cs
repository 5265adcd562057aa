using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Waiaas.Mcp.Configuration;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// One line per entry: <c>[waiaas-mcp:session] warn: message</c>. Categories outside ours (the MCP SDK)
/// are printed under <c>[waiaas-mcp]</c> with their short name, so every stderr line carries a known prefix.
/// Session tokens are removed from messages and exception texts: the SDK logs whole messages at trace level, and an
/// exception may quote what the daemon answered.
/// </summary>
internal sealed class StderrLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "waiaas";

    public override void Write<TState>(
        in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = SecretRedaction.Redact(logEntry.Formatter(logEntry.State, logEntry.Exception) ?? string.Empty);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var category = logEntry.Category;
        if (category.StartsWith(LogCategories.Server, StringComparison.Ordinal))
        {
            textWriter.Write('[');
            textWriter.Write(category);
            textWriter.Write("] ");
        }
        else
        {
            textWriter.Write("[waiaas-mcp] ");
            textWriter.Write(category.AsSpan(category.LastIndexOf('.') + 1));
            textWriter.Write(": ");
        }

        textWriter.Write(LevelName(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(message);
        if (logEntry.Exception is { } exception)
        {
            // Type and message only: stack traces add noise to client logs and may echo request data.
            textWriter.Write(" (");
            textWriter.Write(exception.GetType().Name);
            textWriter.Write(": ");
            textWriter.Write(SecretRedaction.Redact(exception.Message));
            textWriter.Write(')');
        }

        textWriter.Write('\n');
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "crit",
        _ => "log",
    };
}
