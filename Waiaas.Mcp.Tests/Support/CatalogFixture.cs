using System.Text.Json.Nodes;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>The shared tool catalog (Fixtures/tool-catalog.json, a copy of the design's catalog): tools, vectors, action tools.</summary>
public static class CatalogFixture
{
    private static readonly Lazy<JsonNode> Catalog = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp.Tests", "Fixtures", "tool-catalog.json")))!);

    /// <summary>
    /// Tools of this server that the shared catalog cannot list: it lists the daemon's surface, and these are ours (built
    /// on its routes, e.g. wait_for_transaction polls get_transaction's). They have no vectors; their own tests cover them.
    /// </summary>
    public static IReadOnlySet<string> OwnTools { get; } = new HashSet<string>(StringComparer.Ordinal) { "wait_for_transaction" };

    public static JsonNode Root => Catalog.Value.DeepClone();

    public static IEnumerable<JsonNode> Tools() => Root["tools"]!.AsArray().Select(t => t!);

    public static JsonNode Tool(string name) => Tools().Single(t => t["name"]!.GetValue<string>() == name);
}
