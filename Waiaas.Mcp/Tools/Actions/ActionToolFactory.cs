using System.Text.Json;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tools.Catalog;
using Waiaas.Mcp.Tools.Checking;
using Waiaas.Mcp.Tools.Schema;
using static Waiaas.Mcp.Tools.Arguments;

namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// The dynamic <c>action_*</c> tools, declared from the daemon's <c>GET /v1/actions/providers</c> answer (providers
/// with
/// <c>mcpExpose</c> only). An action's own parameters go into the body's <c>params</c>; network, wallet_id and
/// gas_condition sit beside them as for the static send tools, and dry_run asks the daemon to simulate instead (except
/// for <see cref="OffchainActionProviders"/>). A provider or action the server cannot declare is left out with a
/// reason, never taking the others with it.
/// </summary>
internal static class ActionToolFactory
{
    public const string Prefix = ActionToolNames.Prefix;
    private const int MaxDescription = 1024;

    /// <summary>Names a parameter may not take: they are this server's own arguments beside the action's.</summary>
    private static readonly HashSet<string> OwnArguments = new(StringComparer.Ordinal)
    {
        WalletArgument.Name, "gas_condition", "dry_run", "params",
    };

    public static ActionToolList FromProviders(JsonElement answer, IReadOnlySet<string> staticToolNames)
    {
        var skipped = new List<string>();
        var found = new List<(string Provider, string Action, JsonElement ProviderJson, JsonElement ActionJson)>();
        if (answer.ValueKind != JsonValueKind.Object
            || !answer.TryGetProperty("providers", out var providers) || providers.ValueKind != JsonValueKind.Array)
        {
            return new ActionToolList([], ["the answer has no providers list"]);
        }

        foreach (var provider in providers.EnumerateArray())
        {
            var providerName = JsonText.StringProperty(provider, "name");
            if (providerName is null
                || !provider.TryGetProperty("mcpExpose", out var expose) || expose.ValueKind != JsonValueKind.True
                || !provider.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var action in actions.EnumerateArray())
            {
                if (JsonText.StringProperty(action, "name") is { } actionName)
                {
                    found.Add((providerName, actionName, provider, action));
                }
            }
        }

        var names = ActionToolNames.Assign([.. found.Select(f => (f.Provider, f.Action))], staticToolNames);
        var tools = new List<ToolDefinition>();
        for (var i = 0; i < found.Count; i++)
        {
            var (provider, action, providerJson, actionJson) = found[i];
            if (names[i] is not { } name || !PathSegments.IsSafe(provider) || !PathSegments.IsSafe(action))
            {
                skipped.Add($"{provider}/{action}: no valid tool name or route segment can be made from it");
                continue;
            }

            try
            {
                tools.Add(Declare(name, provider, action, providerJson, actionJson));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException
                or ArgumentException)
            {
                skipped.Add($"{provider}/{action}: its declaration cannot be read ({ex.GetType().Name})");
            }
        }

        return new ActionToolList(tools, skipped);
    }

    private static ToolDefinition Declare(
        string name, string provider, string action, JsonElement providerJson, JsonElement actionJson)
    {
        var (parameters, declaresNetwork) = Parameters(actionJson);
        var network = NetworkInBody(declaresNetwork);
        var arguments = new List<ToolArgument>();
        if (parameters is null)
        {
            arguments.Add(Body(
                "params", Schemas.FreeObject("The action's parameters, named as the daemon's schema names them.")));
        }
        else
        {
            arguments.AddRange(
                parameters.Select(p => p.Name == "network" ? network with { IsRequired = p.IsRequired } : p));
        }

        if (!declaresNetwork)
        {
            arguments.Add(network);
        }

        arguments.Add(WalletArgument.InBody("walletId"));
        arguments.Add(CommonArguments.GasCondition);
        arguments.Add(DryRun(provider));

        return new ToolDefinition
        {
            Name = name,
            Title = $"{Words(provider)}: {Words(action)}",
            Hints = ToolHints.Spend,
            Description = Describe(provider, providerJson, actionJson),
            Route = DaemonRoute.Post(
                $"/v1/actions/{UrlBuilder.EncodePathSegment(provider)}/{UrlBuilder.EncodePathSegment(action)}"),
            Arguments = arguments,
        };
    }

    /// <summary>
    /// The action's declared parameters (null: take a free-form params object instead), and whether it declares
    /// network, which then goes to both params.network (read by the provider) and the body's network (read by the
    /// pipeline).
    /// </summary>
    private static (List<ToolArgument>? Parameters, bool DeclaresNetwork) Parameters(JsonElement action)
    {
        if (!action.TryGetProperty("inputSchema", out var schema) || schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || !properties.EnumerateObject().Any())
        {
            return (null, false);
        }

        var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(JsonText.ReadLenient).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        var parameters = new List<ToolArgument>();
        var declaresNetwork = false;
        foreach (var property in properties.EnumerateObject())
        {
            // A name a client would refuse, or one of this server's own, cannot be an argument: take params whole
            // instead.
            if (!IsParameterName(property.Name) || OwnArguments.Contains(property.Name))
            {
                return (null, false);
            }

            declaresNetwork |= property.Name == "network";
            var argument = Body(
                property.Name,
                ActionSchemaReader.Read(property.Value, $"The action's {property.Name} parameter."),
                "params." + property.Name);
            parameters.Add(required.Contains(property.Name) ? argument.Required() : argument);
        }

        return (parameters, declaresNetwork);
    }

    private static ToolArgument DryRun(string provider)
    {
        var schema = OffchainActionProviders.Contains(provider)
            ? new SchemaNode
            {
                Type = SchemaType.Const,
                ConstJson = "false",
                Description = "No dry run for this provider: the daemon would execute the action while preparing it.",
            }
            : Schemas.Flag("Simulate the action instead (policy verdict, fee, balance changes); nothing is sent.");
        return Query("dry_run", schema, "dryRun") with { SentOnlyWhenTrue = true };
    }

    private static ToolArgument NetworkInBody(bool declaredByAction) =>
        CommonArguments.NetworkInBody with { AlsoSentAs = declaredByAction ? ["params.network"] : [] };

    /// <summary>
    /// Property names every client accepts (the strictest, Anthropic's: <c>^[a-zA-Z0-9_.-]{1,64}$</c>).
    /// </summary>
    private static bool IsParameterName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static string Describe(string provider, JsonElement providerJson, JsonElement action)
    {
        var facts = new[] { ("chain", "chain"), ("risk", "riskLevel"), ("default policy tier", "defaultTier") }
            .Select(f => JsonText.StringProperty(action, f.Item2) is { } value ? $"{f.Item1} {value}" : null)
            .OfType<string>()
            .Prepend($"provider {provider}");
        var needsKey = providerJson.TryGetProperty("requiresApiKey", out var requires)
            && requires.ValueKind == JsonValueKind.True
            && !(providerJson.TryGetProperty("hasApiKey", out var has) && has.ValueKind == JsonValueKind.True);
        var suffix = $" ({string.Join(", ", facts)}). "
            + (needsKey
                ? "Not usable yet: the operator has not set this provider's API key in the daemon "
                    + "(it answers API_KEY_REQUIRED). "
                : string.Empty)
            + (OffchainActionProviders.Contains(provider)
                ? "Acts at once through the provider's own API and cannot be simulated. The answer's id and status "
                    + "are the provider's (an order, say), not a transaction of this wallet: wait_for_transaction does "
                    + "not apply."
                : "Runs through the wallet's policies like a send; dry_run: true simulates it first. "
                    + ToolTexts.AcceptedAsPending);
        var text = (JsonText.StringProperty(action, "description") ?? $"Run the {provider} action").TrimEnd('.', ' ');
        var room = MaxDescription - suffix.Length;
        return (text.Length <= room ? text : text[..Math.Max(0, room)]) + suffix;
    }

    private static string Words(string name) => name.Replace('_', ' ');
}

/// <summary>The declared action tools, and why any action was left out.</summary>
internal sealed record ActionToolList(IReadOnlyList<ToolDefinition> Tools, IReadOnlyList<string> Skipped);
