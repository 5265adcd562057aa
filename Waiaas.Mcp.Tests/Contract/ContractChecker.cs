using System.Text;
using System.Text.Json.Nodes;
using Waiaas.Mcp.Diagnostics;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Contract;

/// <summary>One finding about one request: which tool and call sent it, the request, and the matcher's problem.</summary>
internal sealed record ContractFinding(string Tool, string Source, string Call, string Request, DaemonApiProblem Problem);

/// <summary>
/// Checks one request a tool sent: against the daemon's OpenAPI document (with <see cref="DaemonApiAllowances"/>), or,
/// for a route outside it (<see cref="UndocumentedRoutes"/>), against the tool's catalog vectors. Two kinds of problem
/// are set aside (reported apart, not failures), each for a stated reason.
/// </summary>
internal sealed class ContractChecker(DaemonApi? document = null)
{
    /// <summary>
    /// Tools that take the fields of every transaction type as optional arguments, so their schema cannot say which
    /// fields a type needs: a call that leaves one out gets the daemon's 400 naming it (the model corrects the call).
    /// Only a field the discriminator's branch alone requires is set aside, never one every branch requires.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PerTypeRequirements { get; } = new Dictionary<string, string>
    {
        ["simulate_transaction"] = "one tool for all seven types: to, token, spender, instructions or bytecode depend on type",
        ["build_userop"] = "one tool for five types: to, token, spender or instructions depend on type",
    };

    /// <summary>The daemon 2.15.0's document (the fixture), with the allowances.</summary>
    public static DaemonApi Document { get; } = DaemonApi.Parse(
        File.ReadAllBytes(Path.Combine(RepositoryPaths.DaemonFixtures, "openapi.json")), DaemonApiAllowances.All);

    /// <summary>The wallet of the session the fake daemon serves (connect-info's only wallet).</summary>
    public static string SessionWalletId { get; } =
        JsonNode.Parse(FakeDaemon.ReadFixture("GET-v1-connect-info.200.json"))!["wallets"]![0]!["id"]!.GetValue<string>();

    public List<ContractFinding> Problems { get; } = [];

    /// <summary>Placeholder values refused by a daemon enum, and per-type requirements: true to the document, not the tool's fault.</summary>
    public List<(ContractFinding Finding, string Why)> SetAside { get; } = [];

    public void Check(string tool, string source, string call, JsonObject arguments, string method, string pathAndQuery, string body)
    {
        var path = pathAndQuery.Split('?')[0];
        var problems = UndocumentedRoutes.Find(path) is not null
            ? UndocumentedRoutes.Check(CatalogV2.For(tool), method, pathAndQuery, body, arguments, SessionWalletId)
            : (document ?? Document).Check(method, pathAndQuery, Encoding.UTF8.GetBytes(body));
        var request = body.Length == 0 ? $"{method} {pathAndQuery}" : $"{method} {pathAndQuery} {body}";
        foreach (var problem in problems)
        {
            var finding = new ContractFinding(tool, source, call, request, problem);
            if (WhySetAside(tool, problem) is { } why)
            {
                SetAside.Add((finding, why));
            }
            else
            {
                Problems.Add(finding);
            }
        }
    }

    private static string? WhySetAside(string tool, DaemonApiProblem problem) => problem.Kind switch
    {
        DaemonApiProblemKind.NotInEnum when problem.Value?.StartsWith(ArgumentGenerator.PlaceholderPrefix, StringComparison.Ordinal) == true =>
            "a placeholder stands for the user's value, which the daemon's enum judges",
        DaemonApiProblemKind.MissingRequiredByBranch when PerTypeRequirements.TryGetValue(tool, out var why) => why,
        _ => null,
    };
}
