using System.Text.Json;
using System.Text.Json.Nodes;
using Waiaas.Mcp.ClientConfig;
using Waiaas.Mcp.Files;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>
/// <c>doctor --client &lt;id&gt;</c>: finds this server's entry in the client's config file and checks what the client
/// would run (an existing, executable, absolute command without arguments). The entry's <c>env</c> then replaces this
/// shell's environment for the other checks, since that is all the client gives the server.
/// </summary>
internal static class ClientEntryCheck
{
    public const string Id = "client";

    /// <summary>The check, and the entry's environment when an entry was found (null otherwise).</summary>
    public sealed record Outcome(
        DoctorCheck Check, IReadOnlyDictionary<string, string>? Environment, string Description);

    public static Outcome Run(ClientApp client, string path, string? name, string? thisBinary)
    {
        var install = $"`waiaas-mcp config {client.Id} --data-dir <folder> --install` writes it";
        ClientConfigFile file;
        JsonObject? servers;
        try
        {
            file = ClientConfigFile.Load(path);
            servers = file.Servers(client);
        }
        catch (Exception ex) when (ex is ConfigFileException or IOException or UnauthorizedAccessException)
        {
            return NotFound(DoctorCheck.Fail(Id, ex.Message, $"fix the file; {install}"), path);
        }

        if (!file.Exists)
        {
            return NotFound(DoctorCheck.Fail(Id, $"no {client.DisplayName} config file at {file.Path}", install), path);
        }

        var candidates = (servers ?? [])
            .Where(pair => name is null ? IsThisServer(pair.Value) : pair.Key == name).ToList();
        if (candidates.Count != 1)
        {
            var summary = candidates.Count == 0
                ? $"{file.Path} has no {(name is null ? "waiaas-mcp" : $"'{name}'")} entry "
                    + $"under \"{client.ServersProperty}\""
                : $"{file.Path} has several waiaas-mcp entries ({string.Join(", ", candidates.Select(c => c.Key))})";
            return NotFound(
                DoctorCheck.Fail(Id, summary, candidates.Count == 0 ? install : "choose one with --name <entry>"),
                file.Path);
        }

        var (entryName, entry) = candidates[0];
        var description = $"the env of {client.DisplayName}'s entry '{entryName}' in {file.Path}";
        var environment = ReadEnvironment(entry);
        return new Outcome(CheckCommand(client, entryName, entry as JsonObject, thisBinary), environment, description);
    }

    private static Outcome NotFound(DoctorCheck check, string path) => new(check, null, $"no entry found in {path}");

    private static DoctorCheck CheckCommand(ClientApp client, string name, JsonObject? entry, string? thisBinary)
    {
        var command = CommandOf(entry);
        var facts = new Dictionary<string, string> { ["entry"] = name, ["command"] = command ?? "(none)" };
        var reinstall = $"run `waiaas-mcp config {client.Id} --install` with the binary you want the client to start";
        if (command is null)
        {
            return DoctorCheck.Fail(Id, $"entry '{name}' has no \"command\" string", reinstall, facts);
        }

        if (entry!["args"] is JsonArray { Count: > 0 } args)
        {
            return DoctorCheck.Fail(
                Id,
                $"entry '{name}' passes arguments {args.ToJsonString()}: waiaas-mcp serves MCP only without "
                    + "arguments (with them it prints usage and exits)",
                "remove \"args\" (or make it [])",
                facts);
        }

        if (!Path.IsPathFullyQualified(command))
        {
            return DoctorCheck.Warn(
                Id,
                $"entry '{name}' starts '{command}', not an absolute path; desktop clients often start "
                    + "servers without your shell's PATH",
                reinstall,
                facts);
        }

        if (!File.Exists(command))
        {
            return DoctorCheck.Fail(Id, $"entry '{name}' starts {command}, which does not exist", reinstall, facts);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(command) & UnixFileMode.UserExecute) == 0)
        {
            return DoctorCheck.Fail(
                Id, $"entry '{name}' starts {command}, which is not executable", $"`chmod +x {command}`", facts);
        }

        if (thisBinary is not null && !SameFile(command, thisBinary))
        {
            return DoctorCheck.Warn(
                Id,
                $"entry '{name}' starts {command}, not this binary ({thisBinary}); the checks below are this binary's",
                reinstall,
                facts);
        }

        return DoctorCheck.Pass(Id, $"entry '{name}' starts {command}", facts);
    }

    /// <summary>An entry that starts a waiaas-mcp binary (by file name, so renamed entries are found too).</summary>
    private static bool IsThisServer(JsonNode? entry) =>
        CommandOf(entry) is { } command
            && Path.GetFileNameWithoutExtension(command.Replace('\\', '/').Split('/')[^1]) == "waiaas-mcp";

    /// <summary>The entry's "command" when it is a string, else null.</summary>
    private static string? CommandOf(JsonNode? entry) =>
        entry is JsonObject obj && obj["command"] is JsonValue value && value.TryGetValue<string>(out var command)
            ? command
            : null;

    private static Dictionary<string, string> ReadEnvironment(JsonNode? entry)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry is JsonObject obj && obj["env"] is JsonObject env)
        {
            foreach (var (key, value) in env)
            {
                if (value is JsonValue { } scalar && scalar.GetValueKind() != JsonValueKind.Null)
                {
                    environment[key] = scalar.GetValueKind() == JsonValueKind.String
                        ? scalar.GetValue<string>()
                        : scalar.ToJsonString();
                }
            }
        }

        return environment;
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(
            FinalPath.Of(a),
            FinalPath.Of(b),
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
}
