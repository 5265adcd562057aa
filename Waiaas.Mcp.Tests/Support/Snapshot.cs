using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>
/// Approved-file snapshots in Waiaas.Mcp.Tests/Snapshots. Comparison is exact. Files are written only when
/// UPDATE_SNAPSHOTS=1; otherwise a missing or different snapshot fails (in CI too), and the actual text is
/// left beside it as <c>.received</c> (git-ignored) to diff.
/// JSON is normalised first: keys sorted, 2-space indent, LF, trailing newline.
/// </summary>
public static class Snapshot
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    public static void MatchJson(string json, string name) => Match(NormalizeJson(json), name + ".json");

    public static void MatchJson(JsonElement json, string name) => MatchJson(json.GetRawText(), name);

    public static void Match(string actual, string fileName)
    {
        var path = Path.Combine(RepositoryPaths.Snapshots, fileName);
        var received = path + ".received";
        actual = actual.ReplaceLineEndings("\n");
        if (!actual.EndsWith('\n'))
        {
            actual += "\n";
        }

        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }

        if (!File.Exists(path))
        {
            File.WriteAllText(received, actual, new UTF8Encoding(false));
            throw new XunitException($"Snapshot {fileName} is missing. Review {received} and run the tests with UPDATE_SNAPSHOTS=1 to approve it.");
        }

        var approved = File.ReadAllText(path);
        if (approved != actual)
        {
            File.WriteAllText(received, actual, new UTF8Encoding(false));
            throw new XunitException($"Snapshot {fileName} differs: diff {path} {received}; approve with UPDATE_SNAPSHOTS=1.");
        }

        File.Delete(received);
    }

    public static string NormalizeJson(string json) =>
        Sort(JsonNode.Parse(json))?.ToJsonString(Indented) ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => KeyValuePair.Create(pair.Key, Sort(pair.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };
}
