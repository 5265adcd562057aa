using System.Text.Json.Nodes;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Contract;

/// <summary>A request a catalog vector lists: method, URL (with <c>{walletId}</c> where no wallet was given), body.</summary>
internal sealed record CatalogRequest(string Method, string Url, JsonNode? Body);

/// <summary>One vector of the catalog: the tool, its case name, the arguments and the requests they build.</summary>
internal sealed record CatalogVector(string Tool, string Case, JsonObject Args, IReadOnlyList<CatalogRequest> Requests);

/// <summary>The version 2 tool catalog (the shared spec's file, byte for byte) read as vectors per tool.</summary>
internal static class CatalogV2
{
    /// <summary>
    /// The one place naming the file: when tool-catalog.json becomes version 2, point this at it and delete the copy.
    /// </summary>
    public const string FileName = "tool-catalog.json";

    /// <summary>What a vector's URL shows when no wallet was given: the wallet the server resolves.</summary>
    public const string WalletPlaceholder = "{walletId}";

    private static readonly Lazy<IReadOnlyList<CatalogVector>> Loaded = new(Load);

    public static string FilePath => Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp.Tests", "Fixtures", FileName);

    /// <summary>Every vector: the tools' and the action-provider tools' examples.</summary>
    public static IReadOnlyList<CatalogVector> Vectors => Loaded.Value;

    public static IReadOnlyList<CatalogVector> For(string tool) => [.. Vectors.Where(v => v.Tool == tool)];

    private static List<CatalogVector> Load()
    {
        var catalog = JsonNode.Parse(File.ReadAllText(FilePath))!;
        var tools = catalog["tools"]!.AsArray()
            .SelectMany(tool => tool!["vectors"]!.AsArray().Select(vector => Read(tool["name"]!.GetValue<string>(), vector!)));
        var actions = catalog["actionProviderTools"]!["vectors"]!.AsArray()
            .Select(vector => Read(vector!["tool"]!.GetValue<string>(), vector));
        return [.. tools, .. actions];
    }

    private static CatalogVector Read(string tool, JsonNode vector) => new(
        tool,
        vector["case"]!.GetValue<string>(),
        vector["args"]!.AsObject(),
        [.. vector["requests"]!.AsArray().Select(r => new CatalogRequest(r!["method"]!.GetValue<string>(), r["url"]!.GetValue<string>(), r["body"]))]);
}
