namespace Waiaas.Mcp.ClientConfig;

/// <summary>
/// An MCP client application whose config file this tool can write: its name on the command line, where its config file
/// lives per OS, and the shape of its server table (docs/clients/ has one page per client with the same facts).
/// </summary>
internal sealed record ClientApp(
    string Id, string DisplayName, string ServersProperty, bool WritesStdioType, Func<ClientPaths, string> ConfigPath)
{
    public static ClientApp ClaudeDesktop { get; } = new(
        "claude-desktop", "Claude Desktop", "mcpServers", WritesStdioType: false, paths => paths.Os switch
    {
        HostOs.MacOs =>
            Path.Join(paths.HomeDirectory, "Library", "Application Support", "Claude", "claude_desktop_config.json"),
        HostOs.Windows => Path.Join(paths.RoamingAppData, "Claude", "claude_desktop_config.json"),
        _ => Path.Join(paths.LinuxConfigHome, "Claude", "claude_desktop_config.json"),
    });

    /// <summary>
    /// User scope: the top-level mcpServers of ~/.claude.json (what `claude mcp add --scope user` writes).
    /// </summary>
    public static ClientApp ClaudeCode { get; } = new("claude-code", "Claude Code", "mcpServers", WritesStdioType: true,
        paths => Path.Join(paths.HomeDirectory, ".claude.json"));

    /// <summary>Global scope: ~/.cursor/mcp.json (a project's .cursor/mcp.json works with --config-file).</summary>
    public static ClientApp Cursor { get; } = new("cursor", "Cursor", "mcpServers", WritesStdioType: false,
        paths => Path.Join(paths.HomeDirectory, ".cursor", "mcp.json"));

    /// <summary>The workspace file .vscode/mcp.json of the current folder (servers, with "type": "stdio").</summary>
    public static ClientApp VsCode { get; } = new("vscode", "VS Code", "servers", WritesStdioType: true,
        paths => Path.Join(paths.CurrentDirectory, ".vscode", "mcp.json"));

    public static IReadOnlyList<ClientApp> All { get; } = [ClaudeDesktop, ClaudeCode, Cursor, VsCode];

    public static ClientApp? Find(string id) => All.FirstOrDefault(client => client.Id == id);
}
