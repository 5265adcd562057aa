using Waiaas.Mcp.Tools.Schema;

namespace Waiaas.Mcp.Tools;

/// <summary>
/// Constructors for tool arguments that name the location every time, so a table shows where each value goes.
/// </summary>
internal static class Arguments
{
    public static ToolArgument Path(string name, SchemaNode schema) =>
        new() { Name = name, Location = ArgumentLocation.Path, Schema = schema };

    public static ToolArgument Query(string name, SchemaNode schema, string? daemonName = null) =>
        new() { Name = name, Location = ArgumentLocation.Query, Schema = schema, DaemonName = daemonName };

    public static ToolArgument Body(string name, SchemaNode schema, string? daemonName = null) =>
        new() { Name = name, Location = ArgumentLocation.Body, Schema = schema, DaemonName = daemonName };

    public static ToolArgument Local(string name, SchemaNode schema) =>
        new() { Name = name, Location = ArgumentLocation.Local, Schema = schema };
}
