using System.Text.RegularExpressions;
using Waiaas.Mcp.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Waiaas.Mcp.Tests.Repository;

/// <summary>
/// Every GitHub workflow is checked here, offline: it parses as YAML, has triggers and jobs, pins every action
/// to a commit, and every scripts/*.sh it runs exists. A broken workflow then fails `scripts/test.sh`, not a tag push.
/// </summary>
public sealed partial class WorkflowTests
{
    public static TheoryData<string> Workflows() => new(WorkflowNames());

    [Fact]
    public void Workflows_FolderHoldsCiAndRelease()
    {
        var names = WorkflowNames().ToList();
        Assert.Contains("ci.yml", names);
        Assert.Contains("release.yml", names);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_ParsesWithTriggersAndJobs(string name)
    {
        var root = Parse(name);

        Assert.True(root.Children.ContainsKey(new YamlScalarNode("on")), $"{name} has no 'on' triggers");
        var jobs = Assert.IsType<YamlMappingNode>(root.Children[new YamlScalarNode("jobs")]);
        Assert.NotEmpty(jobs.Children);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_EveryReferencedScriptExists(string name)
    {
        var text = File.ReadAllText(WorkflowPath(name));
        var missing = ScriptReference().Matches(text).Select(m => m.Value).Distinct()
            .Where(script => !File.Exists(Path.Combine(RepositoryPaths.Root, script)))
            .ToList();

        Assert.True(missing.Count == 0, $"{name} runs scripts that do not exist: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_EveryActionPinnedToACommit(string name)
    {
        var unpinned = Descendants(Parse(name))
            .OfType<YamlMappingNode>()
            .SelectMany(map => map.Children)
            .Where(pair => pair.Key is YamlScalarNode { Value: "uses" })
            .Select(pair => ((YamlScalarNode)pair.Value).Value!)
            .Where(action => !action.StartsWith("./", StringComparison.Ordinal) && !PinnedAction().IsMatch(action))
            .ToList();

        Assert.True(unpinned.Count == 0, $"{name} uses actions not pinned to a commit SHA: {string.Join(", ", unpinned)}");
    }

    private static IEnumerable<string> WorkflowNames() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, ".github", "workflows"))
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    private static string WorkflowPath(string name) => Path.Combine(RepositoryPaths.Root, ".github", "workflows", name);

    private static YamlMappingNode Parse(string name)
    {
        using var reader = new StringReader(File.ReadAllText(WorkflowPath(name)));
        var stream = new YamlStream();
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static IEnumerable<YamlNode> Descendants(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(pair => Descendants(pair.Value)).Prepend(node),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Descendants).Prepend(node),
        _ => [node],
    };

    [GeneratedRegex(@"scripts/[A-Za-z0-9_.\-/]+\.sh")]
    private static partial Regex ScriptReference();

    [GeneratedRegex("^[A-Za-z0-9_.\\-]+/[A-Za-z0-9_.\\-/]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedAction();
}
