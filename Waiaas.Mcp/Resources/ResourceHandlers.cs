using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Protocol;
using Waiaas.Mcp.Session;
using Waiaas.Mcp.Client;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Resources;

/// <summary>The MCP resources/list, resources/templates/list and resources/read handlers.</summary>
internal sealed class ResourceHandlers(ServerConfiguration configuration, DaemonClient daemon, SessionManager session)
{
    public ValueTask<ListResourcesResult> ListResourcesAsync(
        RequestContext<ListResourcesRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourcesResult { Resources = ResourceCatalog.List(configuration.WalletName) });

    public ValueTask<ListResourceTemplatesResult> ListTemplatesAsync(
        RequestContext<ListResourceTemplatesRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = ResourceCatalog.Templates });

    public async ValueTask<ReadResourceResult> ReadAsync(
        RequestContext<ReadResourceRequestParams> context, CancellationToken cancellationToken)
    {
        var uri = context.Params?.Uri ?? string.Empty;
        await session.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        ResourceContents contents = uri switch
        {
            // network=all: an EVM wallet spans several networks and answers NETWORK_REQUIRED without one.
            ResourceCatalog.BalanceUri =>
                await ReadDaemonJsonAsync(uri, "/v1/wallet/balance", "all", cancellationToken).ConfigureAwait(false),
            ResourceCatalog.AddressUri =>
                await ReadDaemonJsonAsync(uri, "/v1/wallet/address", null, cancellationToken).ConfigureAwait(false),
            ResourceCatalog.StatusUri => await ReadStatusAsync(uri, cancellationToken).ConfigureAwait(false),
            _ when uri.StartsWith(ResourceCatalog.SkillsUriPrefix, StringComparison.Ordinal) =>
                await ReadSkillAsync(
                    context,
                    uri,
                    uri[ResourceCatalog.SkillsUriPrefix.Length..],
                    cancellationToken).ConfigureAwait(false),
            _ => throw UnknownResource(
                context, $"Unknown resource '{uri}'. Call resources/list for the resources this server offers."),
        };
        return new ReadResourceResult { Contents = [contents] };
    }

    /// <summary>
    /// Resource subscriptions are not offered (no <c>resources.subscribe</c> capability): the method does not exist
    /// here.
    /// </summary>
    public static ValueTask<EmptyResult> SubscribeAsync(
        RequestContext<SubscribeRequestParams> context, CancellationToken cancellationToken) =>
        throw NoSubscriptions(RequestMethods.ResourcesSubscribe);

    public static ValueTask<EmptyResult> UnsubscribeAsync(
        RequestContext<UnsubscribeRequestParams> context, CancellationToken cancellationToken) =>
        throw NoSubscriptions(RequestMethods.ResourcesUnsubscribe);

    private static McpProtocolException NoSubscriptions(string method) =>
        new(
            $"Method '{method}' is not available: this server does not offer resource subscriptions "
                + "(read the resource again instead).",
            McpErrorCode.MethodNotFound);

    /// <summary>An unknown URI is -32002 up to 2025-11-25 and plain invalid params from 2026-07-28 on.</summary>
    private static McpProtocolException UnknownResource<TParams>(RequestContext<TParams> context, string message) =>
        new(message, ProtocolEra.IsStateless(
            context.JsonRpcRequest.Context?.ProtocolVersion ?? context.Server.NegotiatedProtocolVersion)
            ? McpErrorCode.InvalidParams
            : McpErrorCode.ResourceNotFound);

    private async Task<ResourceContents> ReadDaemonJsonAsync(
        string uri, string path, string? network, CancellationToken cancellationToken)
    {
        var query = UrlBuilder.AppendQuery(
            path, [KeyValuePair.Create("network", network), KeyValuePair.Create("walletId", configuration.WalletId)]);
        var result = await daemon.SendAsync(DaemonRequest.Get(query), cancellationToken).ConfigureAwait(false);
        return ResultMapper.ToResourceContents(uri, result);
    }

    private async Task<ResourceContents> ReadSkillAsync(
        RequestContext<ReadResourceRequestParams> context, string uri, string name, CancellationToken cancellationToken)
    {
        if (!ResourceCatalog.SkillNames.Contains(name))
        {
            throw UnknownResource(
                context, $"Unknown skill '{name}'. Skills: {string.Join(", ", ResourceCatalog.SkillNames)}.");
        }

        var result = await daemon.SendAsync(
            DaemonRequest.Get("/v1/skills/" + UrlBuilder.EncodePathSegment(name)),
            cancellationToken).ConfigureAwait(false);
        if (result is DaemonResult.Ok ok)
        {
            using var document = JsonDocument.Parse(ok.Json);
            if (JsonText.StringProperty(document.RootElement, "content") is { } content)
            {
                return new TextResourceContents { Uri = uri, MimeType = "text/markdown", Text = content };
            }
        }

        return ResultMapper.ToResourceContents(uri, result);
    }

    private async Task<ResourceContents> ReadStatusAsync(string uri, CancellationToken cancellationToken)
    {
        var health = daemon.SendAsync(DaemonRequest.Get("/health", requiresSession: false), cancellationToken);
        var killSwitch = daemon.SendAsync(
            DaemonRequest.Get("/v1/admin/kill-switch", requiresSession: false), cancellationToken);
        var results = await Task.WhenAll(health, killSwitch).ConfigureAwait(false);

        var problem = results.OfType<DaemonResult.DaemonUnavailable>().Select(r => r.Reason).FirstOrDefault();
        var payload = new SystemStatusPayload(
            configuration.ServerName,
            ServerVersion.Current,
            SessionStatus.From(session.GetReport()),
            AsJson(results[0]),
            AsJson(results[1]),
            problem,
            configuration.Problems.Count > 0 ? configuration.Problems : null);
        return new TextResourceContents
        {
            Uri = uri,
            MimeType = ResultMapper.JsonMimeType,
            Text = JsonSerializer.Serialize(payload, WaiaasJsonContext.Relaxed.SystemStatusPayload),
        };
    }

    private static JsonElement? AsJson(DaemonResult result)
    {
        if (result is not DaemonResult.Ok ok)
        {
            return null;
        }

        using var document = JsonDocument.Parse(ok.Json);
        return document.RootElement.Clone();
    }
}
