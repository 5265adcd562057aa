using System.Text.RegularExpressions;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Repository;

/// <summary>
/// The folders of Waiaas.Mcp are layers that depend one way, bottom to top (docs/architecture.md draws them). A file
/// may use its own folder and the folders below it, never one above: a use upward fails here with the file and line.
/// </summary>
public sealed partial class LayerTests
{
    /// <summary>Each folder's layer; a higher number sits above. Json (the one source-generated context) may name every type.</summary>
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Configuration"] = 0,
        ["Files"] = 0,
        ["Json"] = 0,
        ["Daemon"] = 1,
        ["Session"] = 2,
        ["Client"] = 3,
        ["Results"] = 4,
        ["Protocol"] = 4,
        ["Tools"] = 5,
        ["Resources"] = 5,
        ["Hosting"] = 6,
        ["ClientConfig"] = 7,
        ["Diagnostics"] = 8,
        ["Cli"] = 9,
    };

    [Fact]
    public void EveryProductFile_UsesOnlyItsOwnLayerAndTheLayersBelow()
    {
        var product = Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp");
        var upward = new List<string>();
        foreach (var file in Directory.EnumerateFiles(product, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(product, file).Replace('\\', '/');
            var folder = relative.Contains('/', StringComparison.Ordinal) ? relative[..relative.IndexOf('/', StringComparison.Ordinal)] : null;
            if (folder is null || folder == "Json")
            {
                continue; // Program.cs is the entry point above everything; the JSON context names every type.
            }

            Assert.True(Layers.TryGetValue(folder, out var own), $"{relative}: the folder {folder} has no layer in {nameof(LayerTests)}.{nameof(Layers)}");
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match use in NamespaceUse().Matches(lines[i]))
                {
                    var used = use.Groups["folder"].Value;
                    if (Layers.TryGetValue(used, out var layer) && layer > own)
                    {
                        upward.Add($"{relative}:{i + 1} ({folder}, layer {own}) uses {used} (layer {layer})");
                    }
                }
            }
        }

        Assert.True(upward.Count == 0, "Uses of a layer above:\n" + string.Join('\n', upward));
    }

    [Fact]
    public void EveryProductFile_DeclaresTheNamespaceOfItsFolder()
    {
        // The layer check reads namespaces: a type declared in another folder's namespace would slip past it.
        var product = Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp");
        var misplaced = Directory.EnumerateFiles(product, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(file => (Relative: Path.GetRelativePath(product, file).Replace('\\', '/'), Text: File.ReadAllText(file)))
            .Where(f => f.Relative.Contains('/', StringComparison.Ordinal))
            .Select(f => (f.Relative, Expected: "Waiaas.Mcp." + Path.GetDirectoryName(f.Relative)!.Replace('\\', '/').Replace('/', '.'),
                Declared: NamespaceDeclaration().Matches(f.Text).Select(m => m.Groups["name"].Value).ToList()))
            .Where(f => f.Declared.Count != 1 || f.Declared[0] != f.Expected)
            .Select(f => $"{f.Relative}: declares {(f.Declared.Count == 0 ? "no namespace" : string.Join(", ", f.Declared))}, expected {f.Expected}")
            .ToList();

        Assert.True(misplaced.Count == 0, string.Join('\n', misplaced));
    }

    [Fact]
    public void LayersBelowTheResults_KnowNothingOfMcp()
    {
        // The daemon, the session and the session-aware client are plain HTTP and state: MCP types start at the results.
        var product = Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp");
        var below = Layers.Where(l => l.Value < Layers["Results"] && l.Key != "Json").Select(l => l.Key);
        var uses = below
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(product, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => File.ReadAllText(file).Contains("ModelContextProtocol", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(product, file).Replace('\\', '/'));

        Assert.Empty(uses);
    }

    [Fact]
    public void EveryProductFolder_HasALayer()
    {
        var folders = Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp"))
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"));

        Assert.All(folders, folder => Assert.True(Layers.ContainsKey(folder!), $"Waiaas.Mcp/{folder} has no layer in {nameof(LayerTests)}.{nameof(Layers)}"));
    }

    /// <summary>A using directive or a qualified name naming a product folder: <c>Waiaas.Mcp.Session</c>.</summary>
    [GeneratedRegex(@"\bWaiaas\.Mcp\.(?<folder>[A-Z][A-Za-z]+)\b")]
    private static partial Regex NamespaceUse();

    [GeneratedRegex(@"^namespace (?<name>[A-Za-z.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();
}
