using System.Text.Json;
using Waiaas.Mcp.Daemon;
using static Waiaas.Mcp.Tools.Catalog.CommonArguments;
using static Waiaas.Mcp.Tools.ToolArgument;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>
/// The dynamic <c>action_{provider}_{action}</c> tools, declared from the daemon's <c>GET /v1/actions/providers</c>
/// answer (providers with <c>mcpExpose</c> only). Each action's parameters go into the body's <c>params</c>;
/// network, wallet_id and gas_condition sit beside them, as for the static send tools.
/// </summary>
internal static class ActionTools
{
    public const string Prefix = "action_";
    private const int MaxDescription = 1024;

    private static readonly ToolArgument ActionNetwork = Network.InBody();

    public static IReadOnlyList<ToolDefinition> FromProviders(JsonElement answer)
    {
        var tools = new List<ToolDefinition>();
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("providers", out var providers) || providers.ValueKind != JsonValueKind.Array)
        {
            return tools;
        }

        foreach (var provider in providers.EnumerateArray())
        {
            if (ToolCall.StringProperty(provider, "name") is not { } providerName
                || !provider.TryGetProperty("mcpExpose", out var expose) || expose.ValueKind != JsonValueKind.True
                || !provider.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var action in actions.EnumerateArray())
            {
                if (ToolCall.StringProperty(action, "name") is { } actionName)
                {
                    tools.Add(Declare(providerName, actionName, action));
                }
            }
        }

        return tools;
    }

    private static ToolDefinition Declare(string provider, string action, JsonElement declaration)
    {
        var fixedArguments = new[] { ActionNetwork, WalletIdBody, GasCondition };
        var parameters = Parameters(declaration)
            .Where(p => !fixedArguments.Any(f => f.Name == p.Name))
            .ToList();
        ToolArgument[] arguments = parameters.Count == 0
            ? [FreeObject("params", "The action's parameters."), .. fixedArguments]
            : [.. parameters, .. fixedArguments];

        return new ToolDefinition(
            $"{Prefix}{provider}_{action}",
            "action",
            ToolHints.Spend,
            Describe(provider, declaration),
            HttpMethod.Post,
            $"/v1/actions/{UrlBuilder.EncodePathSegment(provider)}/{UrlBuilder.EncodePathSegment(action)}",
            arguments);
    }

    /// <summary>The action's own parameters: string, number, integer, boolean and array keep their type; anything else is unconstrained.</summary>
    private static List<ToolArgument> Parameters(JsonElement declaration)
    {
        var parameters = new List<ToolArgument>();
        if (!declaration.TryGetProperty("inputSchema", out var schema) || schema.ValueKind != JsonValueKind.Object
            || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return parameters;
        }

        var required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var property in properties.EnumerateObject())
        {
            var description = ToolCall.StringProperty(property.Value, "description") ?? $"The action's {property.Name} parameter.";
            var type = ToolCall.StringProperty(property.Value, "type") switch
            {
                "string" => ArgumentType.String,
                "number" => ArgumentType.Number,
                "integer" => ArgumentType.Integer,
                "boolean" => ArgumentType.Boolean,
                "array" => ArgumentType.Array,
                _ => ArgumentType.Any,
            };
            var argument = type == ArgumentType.Array
                ? Array(property.Name, description)
                : new ToolArgument(property.Name, type, description);
            argument = argument.InBody("params." + property.Name);
            parameters.Add(required.Contains(property.Name) ? argument.Required() : argument);
        }

        return parameters;
    }

    private static string Describe(string provider, JsonElement declaration)
    {
        var text = ToolCall.StringProperty(declaration, "description") ?? $"Run the {provider} action.";
        var facts = new[] { ("chain", "chain"), ("risk", "riskLevel") }
            .Select(f => ToolCall.StringProperty(declaration, f.Item2) is { } value ? $"{f.Item1}: {value}" : null)
            .OfType<string>()
            .Prepend($"provider {provider}");
        var description = $"{text.TrimEnd('.')}. ({string.Join(", ", facts)}; policies apply and it may wait for owner approval)";
        return description.Length <= MaxDescription ? description : description[..MaxDescription];
    }
}
