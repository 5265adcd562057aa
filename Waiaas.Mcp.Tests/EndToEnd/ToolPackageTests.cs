using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.EndToEnd;

/// <summary>
/// The NuGet tool packages as a user gets them: installed with `dotnet tool install` from a local folder (the only
/// package source: offline, nothing published), then run over stdio.
/// </summary>
[Collection(PublishedBinaryCollection.Name)]
[Trait("Category", "Binary")]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan InstallLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ToolPackage_InstalledFromLocalFolder_IsThePublishedBinaryAndAnswersInitialize()
    {
        using var temp = new TempDirectory();
        var toolPath = temp.Combine("tools");

        await InstallAsync(temp, toolPath);

        var installed = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "waiaas-mcp.exe" : "waiaas-mcp");
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(PublishedBinary.FilePath)), SHA256.HashData(File.ReadAllBytes(installed)));
        using var server = ServerProcess.StartExecutable(installed);
        await server.WriteLinesAsync(JsonRpcLines.Initialize);
        server.CloseStdin();
        Assert.Equal(0, await server.WaitForExitAsync(ExitLimit));
        var serverInfo = JsonRpcLines.ResponseTo(JsonRpcLines.Parse(server.StdoutBytes()), "init").GetProperty("result").GetProperty("serverInfo");
        Assert.Equal("waiaas-wallet", serverInfo.GetProperty("name").GetString());
        Assert.Equal(ToolPackages.Version, serverInfo.GetProperty("version").GetString());
    }

    [Fact]
    public void PointerPackage_Nuspec_IsADotnetToolAndAnMcpServer()
    {
        using var package = ZipFile.OpenRead(Path.Combine(ToolPackages.Folder, Path.GetFileName(ToolPackages.PointerPackage)));
        using var nuspec = package.GetEntry($"{ToolPackages.Id}.nuspec")!.Open();

        var packageTypes = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => e.Attribute("name")!.Value);

        Assert.Equal(["DotnetTool", "McpServer"], packageTypes.Order());
    }

    [Fact]
    public void PointerPackage_McpServerJson_IsTheRegistryEntryAtThisVersion()
    {
        using var package = ZipFile.OpenRead(Path.Combine(ToolPackages.Folder, Path.GetFileName(ToolPackages.PointerPackage)));
        using var reader = new StreamReader(package.GetEntry(".mcp/server.json")!.Open());
        var packed = reader.ReadToEnd();

        var expected = JsonNode.Parse(File.ReadAllText(RepositoryPaths.ServerJson))!;
        expected["version"] = ToolPackages.Version;
        expected["packages"]![0]!["version"] = ToolPackages.Version;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(packed)), packed);
    }

    /// <summary>
    /// `dotnet tool install` reads the pointer package and fetches this machine's AOT package from the same folder.
    /// A private NuGet cache keeps an older package of the same version (or the user's cache) out of the test.
    /// </summary>
    private static async Task InstallAsync(TempDirectory temp, string toolPath)
    {
        var config = temp.Combine("nuget.config");
        await File.WriteAllTextAsync(config, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        var start = new ProcessStartInfo("dotnet",
            ["tool", "install", ToolPackages.Id, "--version", ToolPackages.Version, "--tool-path", toolPath, "--configfile", config, "--add-source", ToolPackages.Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = temp.Path,
        };
        start.Environment["NUGET_PACKAGES"] = temp.Combine("nuget-packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var install = Process.Start(start)!;
        var output = install.StandardOutput.ReadToEndAsync();
        var errors = install.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(InstallLimit);
        await install.WaitForExitAsync(limit.Token);

        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{await output}\n{await errors}");
    }
}
