using System.Text.Json.Nodes;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Diagnostics;

/// <summary>doctor checks every tool's route and fields against the daemon's own API document (GET /doc).</summary>
public sealed class DoctorDaemonApiTests
{
    [Fact]
    public async Task Doctor_DaemonOfTheSameRelease_PassesTheApiCheck()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync();
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync();

        Assert.Equal("pass", run.Statuses["daemon_api"]);
    }

    [Fact]
    public async Task Doctor_OlderDaemonWithoutARouteAndAField_WarnsNamingEachToolAndTheFix()
    {
        // An older daemon: no cancel route, and its ERC-8128 sign route knows no ttlSec.
        var document = JsonNode.Parse(FakeDaemon.ReadFixture("openapi.json"))!;
        document["paths"]!.AsObject().Remove("/v1/transactions/{id}/cancel");
        var sign = document["paths"]!["/v1/erc8128/sign"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        RemoveProperty(document, sign, "ttlSec");
        document["info"]!["version"] = "2.14.0";
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync(apiDocument: document.ToJsonString());
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2));

        var json = await harness.RunAsync();
        var text = await harness.RunAsync(json: false);

        Assert.Equal("warn", json.Statuses["daemon_api"]);
        Assert.Equal(0, text.Exit);
        Assert.Contains("2 tool(s) need what this daemon (version 2.14.0) does not have", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("cancel_transaction (POST /v1/transactions/{transaction_id}/cancel: the route)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("erc8128_sign_request (POST /v1/erc8128/sign: body field ttlSec)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("built against WAIaaS 2.15.0", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_DaemonWithoutApiDocument_WarnsThatTheToolsCannotBeChecked()
    {
        using var harness = new DoctorHarness();
        await using var daemon = await DoctorHarness.HealthyDaemonAsync(apiDocument: "not json");
        harness.Environment["WAIAAS_BASE_URL"] = daemon.BaseUrl.ToString();
        harness.WriteToken(TimeSpan.FromHours(2));

        var run = await harness.RunAsync();

        Assert.Equal("warn", run.Statuses["daemon_api"]);
    }

    /// <summary>Removes a property from an object schema, following one <c>$ref</c> into components.</summary>
    private static void RemoveProperty(JsonNode document, JsonNode schema, string name)
    {
        if (schema["$ref"] is { } reference)
        {
            var target = document;
            foreach (var part in reference.GetValue<string>().TrimStart('#', '/').Split('/'))
            {
                target = target[part]!;
            }

            schema = target;
        }

        Assert.True(schema["properties"]!.AsObject().Remove(name), $"no property {name} to remove");
    }
}
