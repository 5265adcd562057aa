using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Files;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.ClientConfig;

/// <summary>What <see cref="ConfigFileInstaller.Install"/> did.</summary>
internal enum InstallOutcome
{
    /// <summary>The file did not exist and now holds only this entry.</summary>
    Created,

    /// <summary>The entry was added or replaced; everything else kept; the previous file saved as a backup.</summary>
    Updated,

    /// <summary>The same entry was already there: nothing written.</summary>
    Unchanged,
}

/// <summary>
/// Merges a <see cref="ServerEntry"/> into a client's JSON config file: every other server and setting is kept,
/// the write is atomic, the previous file is kept as <c>&lt;file&gt;.&lt;UTC time&gt;.bak</c>, and a file that is not
/// plain JSON is never touched. Running it twice changes nothing the second time.
/// </summary>
internal static class ConfigFileInstaller
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = WaiaasJsonContext.Encoder,
        NewLine = "\n",
    };

    public sealed record Result(InstallOutcome Outcome, string Path, string? BackupPath);

    public static Result Install(string path, ClientApp client, ServerEntry entry, DateTimeOffset now)
    {
        var file = ClientConfigFile.Load(path);
        var (target, document) = (file.Path, file.Document);
        var servers = file.Servers(client) ?? AddServers(document, client);

        var wanted = entry.ToJson(client);
        if (servers[entry.Name] is { } current && JsonNode.DeepEquals(current, wanted))
        {
            return new Result(InstallOutcome.Unchanged, target, null);
        }

        servers[entry.Name] = wanted;
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(folder);
        string? backup = null;
        var mode = PrivateFile;
        if (file.Exists)
        {
            backup = $"{target}.{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.bak";
            File.Copy(target, backup, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                mode = File.GetUnixFileMode(target);
            }
        }

        AtomicFile.Write(target, Serialize(document), mode, "waiaas-mcp-config");
        return new Result(file.Exists ? InstallOutcome.Updated : InstallOutcome.Created, target, backup);
    }

    /// <summary>Indented JSON with LF and a final newline, as people and the clients write these files.</summary>
    public static byte[] Serialize(JsonNode document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            document.WriteTo(writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static JsonObject AddServers(JsonObject document, ClientApp client)
    {
        var servers = new JsonObject();
        document[client.ServersProperty] = servers;
        return servers;
    }
}
