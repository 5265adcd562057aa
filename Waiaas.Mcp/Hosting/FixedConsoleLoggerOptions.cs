using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// Console logger options that never change: what the provider needs, without the options/DI machinery.
/// </summary>
internal sealed class FixedConsoleLoggerOptions(ConsoleLoggerOptions value) : IOptionsMonitor<ConsoleLoggerOptions>
{
    public ConsoleLoggerOptions CurrentValue => value;

    public ConsoleLoggerOptions Get(string? name) => value;

    public IDisposable? OnChange(Action<ConsoleLoggerOptions, string?> listener) => null;
}
