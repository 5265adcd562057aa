using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Repository;

/// <summary>
/// Product code fits in 120 columns, so it reads in a side-by-side diff and a review without scrolling. A longer line
/// fails here with its file, line number and length.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLength = 120;

    [Fact]
    public void ProductCode_EveryLine_FitsIn120Characters()
    {
        var product = Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp");
        var separator = Path.DirectorySeparatorChar;
        var tooLong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(product, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
                && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(product, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > MaxLength)
                {
                    tooLong.Add($"{relative}:{i + 1} ({lines[i].Length} characters)");
                }
            }
        }

        Assert.True(
            tooLong.Count == 0,
            $"{tooLong.Count} lines are longer than {MaxLength} characters; wrap them:\n" + string.Join('\n', tooLong));
    }
}
