using System.Globalization;
using System.Text;
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

/// <summary>The config file cannot be merged safely; nothing was written.</summary>
internal sealed class ConfigFileException(string message) : Exception(message);

/// <summary>
/// Merges a <see cref="ServerEntry"/> into a client's JSON config file: every other server and setting is kept,
/// the write is atomic, the previous file is kept as <c>&lt;file&gt;.&lt;UTC time&gt;.bak</c>, and a file that is not
/// plain JSON is never touched. Running it twice changes nothing the second time.
/// </summary>
internal static class ConfigFileInstaller
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = WaiaasJsonContext.Encoder, NewLine = "\n" };

    public sealed record Result(InstallOutcome Outcome, string Path, string? BackupPath);

    public static Result Install(string path, McpClient client, ServerEntry entry, DateTimeOffset now)
    {
        // A config file managed as a link (dotfiles) is edited where it lives; replacing the link would cut it off.
        var link = new FileInfo(path);
        var target = link.LinkTarget is null ? path : link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        var existing = File.Exists(target) ? File.ReadAllBytes(target) : null;
        var document = existing is null || IsBlank(existing) ? new JsonObject() : Parse(existing, target);
        var servers = document[client.ServersProperty] switch
        {
            null when !document.ContainsKey(client.ServersProperty) => AddServers(document, client),
            JsonObject table => table,
            _ => throw new ConfigFileException($"{target}: \"{client.ServersProperty}\" is not a JSON object; fix it by hand, then run this again."),
        };

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
        if (existing is not null)
        {
            backup = $"{target}.{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.bak";
            File.Copy(target, backup, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                mode = File.GetUnixFileMode(target);
            }
        }

        AtomicFile.Write(target, Serialize(document), mode, "waiaas-mcp-config");
        return new Result(existing is null ? InstallOutcome.Created : InstallOutcome.Updated, target, backup);
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

    private static JsonObject AddServers(JsonObject document, McpClient client)
    {
        var servers = new JsonObject();
        document[client.ServersProperty] = servers;
        return servers;
    }

    private static JsonObject Parse(byte[] bytes, string path)
    {
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException strict)
        {
            var lenient = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };
            if (TryParse(bytes, lenient))
            {
                throw new ConfigFileException($"{path} has comments or trailing commas, which rewriting would lose; add the entry by hand (run this command without --install to print it).");
            }

            throw new ConfigFileException($"{path} is not valid JSON (line {strict.LineNumber + 1}); fix it or move it aside, then run this again. Nothing was changed.");
        }

        return root as JsonObject
            ?? throw new ConfigFileException($"{path} does not hold a JSON object; fix it or move it aside, then run this again. Nothing was changed.");
    }

    private static bool TryParse(byte[] bytes, JsonDocumentOptions options)
    {
        try
        {
            using var _ = JsonDocument.Parse(bytes, options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsBlank(byte[] bytes) => Encoding.UTF8.GetString(bytes).Trim('\uFEFF', ' ', '\t', '\r', '\n').Length == 0;
}
