using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Files;

namespace Waiaas.Mcp.ClientConfig;

/// <summary>The config file cannot be read or merged safely; nothing was written.</summary>
internal sealed class ConfigFileException(string message) : Exception(message);

/// <summary>
/// A client's config file as found on disk: where it really is (a link is followed to its final target), its
/// bytes (null when it does not exist) and its JSON object (empty for a missing or blank file). Only plain JSON
/// is accepted: comments, trailing commas or another root refuse the file with a reason.
/// </summary>
internal sealed record ClientConfigFile(string Path, byte[]? Bytes, JsonObject Document)
{
    public bool Exists => Bytes is not null;

    /// <summary>
    /// Reads <paramref name="path"/>; throws <see cref="ConfigFileException"/> when it is not plain JSON.
    /// </summary>
    public static ClientConfigFile Load(string path)
    {
        // A config file managed as a link (dotfiles) is edited where it lives; replacing the link would cut it off.
        var target = FinalPath.Of(path);
        var bytes = File.Exists(target) ? File.ReadAllBytes(target) : null;
        var document = bytes is null || IsBlank(bytes) ? new JsonObject() : Parse(bytes, target);
        return new ClientConfigFile(target, bytes, document);
    }

    /// <summary>The client's server table; null when there is none yet.</summary>
    public JsonObject? Servers(ClientApp client) => Document[client.ServersProperty] switch
    {
        null when !Document.ContainsKey(client.ServersProperty) => null,
        JsonObject table => table,
        _ => throw new ConfigFileException(
            $"{Path}: \"{client.ServersProperty}\" is not a JSON object; fix it by hand, then run this again."),
    };

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
            var lenient = new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = 256,
            };
            if (TryParse(bytes, lenient))
            {
                throw new ConfigFileException($"{path} has comments or trailing commas, which rewriting would "
                    + "lose; edit it by hand (`waiaas-mcp config <client>` prints the entry).");
            }

            throw new ConfigFileException($"{path} is not valid JSON (line {strict.LineNumber + 1}); fix it or move "
                + "it aside, then run this again. Nothing was changed.");
        }

        return root as JsonObject
            ?? throw new ConfigFileException($"{path} does not hold a JSON object; fix it or move it aside, then "
                + "run this again. Nothing was changed.");
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

    private static bool IsBlank(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Trim('\uFEFF', ' ', '\t', '\r', '\n').Length == 0;
}
