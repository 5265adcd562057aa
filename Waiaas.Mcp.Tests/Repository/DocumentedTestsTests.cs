using System.Text.RegularExpressions;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Repository;

/// <summary>
/// The docs prove their claims by naming tests (`Folder/ClassTests.Method`); a renamed or moved test must not leave a
/// claim pointing at nothing.
/// </summary>
public sealed partial class DocumentedTestsTests
{
    [Fact]
    public void Docs_EveryTestTheyName_Exists()
    {
        var tests = Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp.Tests");
        var documents = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md")
            .Append(Path.Combine(RepositoryPaths.Root, "README.md"));
        var missing = new List<string>();
        var named = 0;
        foreach (var document in documents)
        {
            foreach (Match reference in TestReference().Matches(File.ReadAllText(document)))
            {
                named++;
                var file = Path.Combine(tests, reference.Groups["folder"].Value, reference.Groups["class"].Value + ".cs");
                var method = reference.Groups["method"].Value;
                if (!File.Exists(file) || (method.Length > 0 && !File.ReadAllText(file).Contains(method, StringComparison.Ordinal)))
                {
                    missing.Add($"{Path.GetFileName(document)}: {reference.Value}");
                }
            }
        }

        Assert.True(named > 0, "No test named in the docs: has the reference syntax changed?");
        Assert.True(missing.Count == 0, "Named in the docs but not in Waiaas.Mcp.Tests:\n" + string.Join('\n', missing));
    }

    [GeneratedRegex(@"(?<folder>[A-Z][A-Za-z]+)/(?<class>[A-Z][A-Za-z]+Tests)(?:\.(?<method>[A-Za-z_]+))?")]
    private static partial Regex TestReference();
}
