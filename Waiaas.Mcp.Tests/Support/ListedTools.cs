using System.Text.Json;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// The tool names a client must see in <c>tools/list</c>, read from the fixtures rather than from the server's own
/// tables, so a tool the server drops, renames or adds shows up by name.
/// </summary>
public static class ListedTools
{
    /// <summary>
    /// Listed with or without the daemon: every tool of the shared catalog but those that need the owner's master
    /// password (never offered to a session token), and this server's own tools.
    /// </summary>
    public static IReadOnlySet<string> Static { get; } = CatalogFixture.Tools()
        .Where(tool => tool["daemonAuth"] is null)
        .Select(tool => tool["name"]!.GetValue<string>())
        .Concat(CatalogFixture.OwnTools)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// One action tool per action of each provider the daemon's providers fixture exposes to MCP, named by the
    /// catalog's template (<c>action_{provider}_{action}</c>).
    /// </summary>
    public static IReadOnlySet<string> FixtureActions { get; } = ActionToolsOf(FakeDaemon.ReadFixture("GET-v1-actions-providers.200.json"));

    /// <summary>What a client lists once the daemon has answered with its providers fixture.</summary>
    public static IReadOnlySet<string> StaticAndFixtureActions { get; } = Static.Union(FixtureActions).ToHashSet(StringComparer.Ordinal);

    /// <summary>Fails naming each tool that is missing, unexpected or listed twice.</summary>
    public static void AssertAre(IReadOnlySet<string> expected, IEnumerable<string> listed)
    {
        var names = listed.ToList();
        var missing = expected.Except(names, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unexpected = names.Except(expected, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var twice = names.GroupBy(name => name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(
            missing.Count == 0 && unexpected.Count == 0 && twice.Count == 0,
            $"tools/list: missing [{string.Join(", ", missing)}]; unexpected [{string.Join(", ", unexpected)}]; twice [{string.Join(", ", twice)}]");
    }

    private static HashSet<string> ActionToolsOf(string providersAnswer)
    {
        var template = CatalogFixture.Root["actionProviderTools"]!["toolName"]!.GetValue<string>();
        using var document = JsonDocument.Parse(providersAnswer);
        return document.RootElement.GetProperty("providers").EnumerateArray()
            .Where(provider => provider.GetProperty("mcpExpose").ValueKind == JsonValueKind.True)
            .SelectMany(provider => provider.GetProperty("actions").EnumerateArray().Select(action => template
                .Replace("{provider}", provider.GetProperty("name").GetString(), StringComparison.Ordinal)
                .Replace("{action}", action.GetProperty("name").GetString(), StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
    }
}
