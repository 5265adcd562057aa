using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Configuration;

/// <summary>
/// server.json is the MCP registry entry and, inside the NuGet package, what VS Code and Visual Studio read to ask for
/// the server's inputs: it must describe the environment the code reads, at the project's version.
/// </summary>
public sealed class ServerJsonTests
{
    private static readonly JsonElement Entry = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.ServerJson)).RootElement;

    private static JsonElement Package => Assert.Single(Entry.GetProperty("packages").EnumerateArray());

    private static IReadOnlyList<JsonElement> Variables => [.. Package.GetProperty("environmentVariables").EnumerateArray()];

    private static string Name(JsonElement variable) => variable.GetProperty("name").GetString()!;

    [Fact]
    public void ServerJson_EnvironmentVariables_AreExactlyTheOnesTheServerReads()
    {
        var known = typeof(EnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!);

        Assert.Equal(known.Order(), Variables.Select(Name).Order());
    }

    [Fact]
    public void ServerJson_EnvironmentVariables_OnlyTheSessionTokenIsSecretAndNoneIsRequired()
    {
        Assert.Equal([EnvironmentVariables.SessionToken], Variables.Where(v => v.GetProperty("isSecret").GetBoolean()).Select(Name));
        Assert.All(Variables, v => Assert.False(v.GetProperty("isRequired").GetBoolean()));
        Assert.All(Variables, v => Assert.False(string.IsNullOrWhiteSpace(v.GetProperty("description").GetString())));
    }

    [Fact]
    public void ServerJson_EachDefault_IsWhatTheServerDoesWhenTheVariableIsUnset()
    {
        var unset = Effect(ServerConfiguration.FromVariables(_ => null));

        foreach (var variable in Variables.Where(v => v.TryGetProperty("default", out _)))
        {
            var value = variable.GetProperty("default").GetString();
            var configured = ServerConfiguration.FromVariables(name => name == Name(variable) ? value : null);

            Assert.Equal(unset, Effect(configured));
        }
    }

    /// <summary>Directory.Build.props's version (a release may override it with WAIAAS_MCP_VERSION; the source must not lag).</summary>
    private static string ProjectVersion => XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"))
        .Descendants("Version").Single(version => version.Attribute("Condition") is null).Value;

    [Fact]
    public void ServerJson_Versions_AreTheProjectVersion()
    {
        Assert.Equal(ProjectVersion, Entry.GetProperty("version").GetString());
        Assert.Equal(ProjectVersion, Package.GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/dotnet-tool.md")]
    public void Docs_PinnedToolVersions_AreTheProjectVersion(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, document));
        var pinned = Regex.Matches(text, "Waiaas\\.Mcp@([^\"\\s]+)|Waiaas\\.Mcp --version (\\S+)")
            .Select(match => match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value)
            .ToList();

        Assert.NotEmpty(pinned);
        Assert.All(pinned, version => Assert.Equal(ProjectVersion, version));
    }

    [Fact]
    public void Readme_McpName_IsTheRegistryName()
    {
        // The registry proves a NuGet package is this server by finding `mcp-name: <name>` in the package's README.
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

        Assert.Contains($"mcp-name: {Entry.GetProperty("name").GetString()}", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerJson_Package_IsTheProjectsNuGetToolOverStdio()
    {
        var project = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Waiaas.Mcp", "Waiaas.Mcp.csproj"));

        Assert.Equal("nuget", Package.GetProperty("registryType").GetString());
        Assert.Equal(project.Descendants("PackageId").Single().Value, Package.GetProperty("identifier").GetString());
        Assert.Equal("stdio", Package.GetProperty("transport").GetProperty("type").GetString());
        Assert.Matches("^io\\.github\\.[^/]+/waiaas-mcp$", Entry.GetProperty("name").GetString());
        Assert.InRange(Entry.GetProperty("description").GetString()!.Length, 1, 100);
    }

    [Fact]
    public void ReadmeConfigurationTable_Variables_AreTheServerJsonOnes()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var documented = Regex.Matches(readme, "^\\| `(WAIAAS_[A-Z_]+)` \\|", RegexOptions.Multiline).Select(match => match.Groups[1].Value);

        Assert.Equal(Variables.Select(Name).Order(), documented.Order());
    }

    private static object Effect(ServerConfiguration configuration) => (
        configuration.BaseUrl, configuration.DataDir, configuration.SessionToken, configuration.WalletId,
        configuration.WalletName, configuration.RequestTimeout, configuration.LogLevel, configuration.Confirm, string.Join('\n', configuration.Problems));
}
