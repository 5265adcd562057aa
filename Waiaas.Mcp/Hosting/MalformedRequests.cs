using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Tools;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// Answers a request whose params do not fit its method with JSON-RPC <c>-32602</c> and a message naming the problem.
/// The SDK reads params into its own types first and reports any failure as <c>-32603 "An error occurred."</c>, which
/// tells the client nothing; a problem in a tool's <c>arguments</c> themselves stays an <c>isError</c> result.
/// </summary>
internal static class MalformedRequests
{
    /// <summary>
    /// The params contract of every method the server answers, and the fields a reader would miss first.
    /// </summary>
    private static readonly Dictionary<string, Contract> Contracts = new(StringComparer.Ordinal)
    {
        [RequestMethods.Initialize] = Contract.Of<InitializeRequestParams>(
            strings: ["protocolVersion"], objects: ["capabilities", "clientInfo"]),
        [RequestMethods.ToolsList] = Contract.Of<ListToolsRequestParams>(),
        [RequestMethods.ToolsCall] = Contract.Of<CallToolRequestParams>(
            strings: ["name"], optionalObjects: ["arguments"]),
        [RequestMethods.ResourcesList] = Contract.Of<ListResourcesRequestParams>(),
        [RequestMethods.ResourcesTemplatesList] = Contract.Of<ListResourceTemplatesRequestParams>(),
        [RequestMethods.ResourcesRead] = Contract.Of<ReadResourceRequestParams>(strings: ["uri"]),
        [RequestMethods.ResourcesSubscribe] = Contract.Of<SubscribeRequestParams>(strings: ["uri"]),
        [RequestMethods.ResourcesUnsubscribe] = Contract.Of<UnsubscribeRequestParams>(strings: ["uri"]),
        [RequestMethods.ServerDiscover] = Contract.Of<DiscoverRequestParams>(),
        [RequestMethods.SubscriptionsListen] = Contract.Of<SubscriptionsListenRequestParams>(),
    };

    public static McpMessageFilter Filter { get; } = next => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest request
            || !Contracts.TryGetValue(request.Method, out var contract))
        {
            await next(context, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (FieldProblem(request.Params, contract) is { } problem)
        {
            throw Invalid(request.Method, problem);
        }

        if (request.Method == RequestMethods.ToolsCall)
        {
            SetAsideUnreadable((JsonObject)request.Params!, context.Items);
        }

        try
        {
            await next(context, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException) when (ContractProblem(request.Params, contract) is { } contractProblem)
        {
            // Only when the params themselves do not read: a JSON failure further in stays what it was.
            throw Invalid(request.Method, contractProblem);
        }
        catch (InvalidOperationException) when (JsonText.FindUnreadable(request.Params) is { } unreadable)
        {
            // The SDK's params reader throws on a string that is not text (valid JSON can escape an unpaired
            // surrogate), which it would answer with its generic error.
            throw Invalid(request.Method, Describe(unreadable));
        }
    };

    /// <summary>
    /// A tools/call whose name is not text names no tool; arguments holding a string that is not text would stop the
    /// SDK from reading the params at all, so they go to the tools handler aside, which refuses them argument by
    /// argument as it refuses any other bad argument.
    /// </summary>
    private static void SetAsideUnreadable(JsonObject fields, IDictionary<string, object?> items)
    {
        if (JsonText.FindUnreadable(fields["name"]) is not null)
        {
            throw ToolHandlers.UnknownTool(name: null);
        }

        if (fields["arguments"] is JsonObject arguments && JsonText.FindUnreadable(arguments) is not null)
        {
            fields.Remove("arguments");
            items[ToolHandlers.UnreadArgumentsItem] = arguments;
        }
    }

    private static string Describe(UnreadableString unreadable) => unreadable switch
    {
        { IsName: true, Path.Length: 0 } => $"a field name holds a broken character ({BrokenCharacter})",
        { IsName: true } => $"'{unreadable.Path}' has a field name that holds a broken character ({BrokenCharacter})",
        _ => $"'{unreadable.Path}' holds a broken character ({BrokenCharacter})",
    };

    private const string BrokenCharacter = Tools.Checking.ArgumentProblemText.BrokenCharacter;

    private static McpProtocolException Invalid(string method, string problem) =>
        new($"Invalid params for {method}: {problem}.", McpErrorCode.InvalidParams);

    private static string? FieldProblem(JsonNode? parameters, Contract contract)
    {
        // No params at all reads as an empty object: the required fields are then what is missing.
        if ((parameters ?? new JsonObject()) is not JsonObject fields)
        {
            return $"params must be an object, got {KindOf(parameters)}";
        }

        foreach (var name in contract.Strings)
        {
            if (!fields.TryGetPropertyValue(name, out var value) || value is null)
            {
                return $"'{name}' is required (a string)";
            }

            if (value.GetValueKind() != JsonValueKind.String)
            {
                return $"'{name}' must be a string, got {KindOf(value)}";
            }
        }

        foreach (var name in contract.Objects)
        {
            if (!fields.TryGetPropertyValue(name, out var value) || value is null)
            {
                return $"'{name}' is required (an object)";
            }

            if (value is not JsonObject)
            {
                return $"'{name}' must be an object, got {KindOf(value)}";
            }
        }

        foreach (var name in contract.OptionalObjects)
        {
            if (fields.TryGetPropertyValue(name, out var value) && value is not (null or JsonObject))
            {
                return $"'{name}' must be an object, got {KindOf(value)}";
            }
        }

        return null;
    }

    /// <summary>Reads the params the way the SDK does, on the failure path only; null when they read.</summary>
    private static string? ContractProblem(JsonNode? parameters, Contract contract)
    {
        try
        {
            _ = parameters.Deserialize(contract.TypeInfo);
            return null;
        }
        catch (JsonException ex)
        {
            return ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
                ? $"'{path[2..]}' has a value of the wrong type or is missing a field"
                : "a required field is missing or has a value of the wrong type";
        }
    }

    private static string KindOf(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    /// <summary>
    /// The params type's contract is looked up only on the failure path: building contracts is most of the SDK's
    /// start-up cost, and the SDK builds those its handlers need when it needs them.
    /// </summary>
    private sealed record Contract(Type ParamsType, string[] Strings, string[] Objects, string[] OptionalObjects)
    {
        public JsonTypeInfo TypeInfo => McpJsonUtilities.DefaultOptions.GetTypeInfo(ParamsType);

        public static Contract Of<TParams>(
            string[]? strings = null, string[]? objects = null, string[]? optionalObjects = null) =>
            new(typeof(TParams), strings ?? [], objects ?? [], optionalObjects ?? []);
    }
}
