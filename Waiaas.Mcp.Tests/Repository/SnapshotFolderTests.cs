using System.Text.RegularExpressions;
using Waiaas.Mcp.Tests.ClientConfig;
using Waiaas.Mcp.Tests.Results;
using Waiaas.Mcp.Tests.Support;
using Waiaas.Mcp.Tests.Tools;

namespace Waiaas.Mcp.Tests.Repository;

/// <summary>
/// Every file in Waiaas.Mcp.Tests/Snapshots is one a test compares against. A snapshot no test writes any more (a tool
/// removed, a test renamed) would otherwise stay, reviewed by nobody and read as if it were checked.
/// </summary>
public sealed partial class SnapshotFolderTests
{
    [Fact]
    public void SnapshotFolder_EveryFile_IsComparedByATest()
    {
        var compared = ComparedSnapshots().ToHashSet(StringComparer.Ordinal);

        var orphans = Directory.EnumerateFiles(RepositoryPaths.Snapshots, "*", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".received", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(RepositoryPaths.Snapshots, file).Replace('\\', '/'))
            .Where(name => !compared.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(orphans.Count == 0, $"No test compares against these snapshots; delete them: {string.Join(", ", orphans)}");
    }

    /// <summary>
    /// Names built from test data come from the members those theories run on; fixed names are read from the
    /// <c>Snapshot.Match</c> and <c>Snapshot.MatchJson</c> calls in the test sources.
    /// </summary>
    private static IEnumerable<string> ComparedSnapshots() =>
    [
        .. FirstArguments(ToolCatalogTests.ListedToolNames()).Select(name => $"tools/{name}.json"),
        .. SpendConfirmationTests.MessageSnapshots.Select(row => $"confirmation/{row[0]}.{row[1]}.txt"),
        .. FirstArguments(ResultMapperTests.Outcomes).Select(outcome => $"result-{outcome}.json"),
        .. FirstArguments(ResultMapperTests.ValidationShapes).Select(shape => $"result-validation-{shape}.json"),
        .. FirstArguments(ConfigCommandTests.Clients()).Select(client => $"config/{client}.json"),
        .. FixedNames(),
    ];

    private static IEnumerable<object> FirstArguments(IEnumerable<object[]> rows) => rows.Select(row => row[0]);

    private static IEnumerable<string> FixedNames() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp.Tests"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => SnapshotCall().Matches(File.ReadAllText(file)))
            .Select(call => call.Groups["name"].Value + (call.Groups["method"].Value == "MatchJson" ? ".json" : ""));

    // The last argument of the call is a plain string literal (an interpolated name is data-driven, see above).
    [GeneratedRegex("""Snapshot\.(?<method>Match|MatchJson)\([^;]*?,\s*"(?<name>[^"{}]+)"\)""")]
    private static partial Regex SnapshotCall();
}
