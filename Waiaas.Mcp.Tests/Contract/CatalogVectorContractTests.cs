using Waiaas.Mcp.Diagnostics;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Contract;

/// <summary>
/// The catalog v2 vectors as listed (no server involved): they are what the rewritten catalog must send, so they must
/// pass the contract check as they stand; and each allowance and undocumented route must be needed by one of them.
/// </summary>
public sealed class CatalogVectorContractTests
{
    [Fact]
    public void CatalogV2Vectors_EveryListedRequest_PassesTheContractCheck()
    {
        var checker = Check(new ContractChecker());

        Assert.True(checker.Problems.Count == 0, ContractReport.Format(checker.Problems, checker.SetAside, new Dictionary<string, int>(), []));
    }

    [Fact]
    public void DaemonApiAllowances_EachOne_IsNeededByACatalogV2Vector()
    {
        var fixture = File.ReadAllBytes(Path.Combine(RepositoryPaths.DaemonFixtures, "openapi.json"));
        foreach (var allowance in DaemonApiAllowances.All)
        {
            var without = DaemonApi.Parse(fixture, [.. DaemonApiAllowances.All.Where(a => a != allowance)]);
            Assert.NotNull(without.FindOperation(allowance.Method, allowance.PathTemplate));

            var checker = Check(new ContractChecker(without));

            Assert.True(checker.Problems.Count > 0, $"No catalog v2 vector needs the allowance {allowance}.");
        }
    }

    [Fact]
    public void UndocumentedRoutes_EachOne_IsAbsentFromTheDocumentAndSentByAVector()
    {
        foreach (var route in UndocumentedDaemonRoutes.All)
        {
            var paths = CatalogV2.Vectors.SelectMany(v => v.Requests).Select(r => r.Url.Split('?')[0])
                .Where(path => UndocumentedRoutes.Find(path) == route)
                .ToList();

            Assert.True(paths.Count > 0, $"No catalog v2 vector sends a request to {route.Pattern}.");
            Assert.All(paths, path => Assert.False(ContractChecker.Document.HasPath(path), $"{path} is in the document: drop {route.Pattern}."));
        }
    }

    private static ContractChecker Check(ContractChecker checker)
    {
        foreach (var vector in CatalogV2.Vectors)
        {
            foreach (var request in vector.Requests)
            {
                var url = request.Url.Replace(CatalogV2.WalletPlaceholder, ContractChecker.SessionWalletId, StringComparison.Ordinal);
                checker.Check(vector.Tool, ContractReport.Vector, vector.Case, vector.Args, request.Method, url, request.Body?.ToJsonString() ?? string.Empty);
            }
        }

        return checker;
    }
}
