using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Protocol;

namespace Waiaas.Mcp.Hosting;

/// <summary>
/// An <c>initialize</c> asking for a version the handshake does not have (2026-07-28, or any later or unknown date)
/// is answered with the newest handshake version, as the 2025-11-25 lifecycle requires ("respond with another
/// protocol version it supports") and as the TypeScript, Python and Go SDK servers do. The C# SDK refuses it with
/// <c>-32022</c> instead, so a client that offers 2026-07-28 through <c>initialize</c> could not connect at all.
/// </summary>
internal static class InitializeVersion
{
    public static McpMessageFilter Filter { get; } = next => (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest
            {
                Method: RequestMethods.Initialize,
                Params: JsonObject parameters,
            }
            && parameters["protocolVersion"] is JsonValue requested
            && requested.TryGetValue<string>(out var version)
            && ProtocolEra.IsStateless(version))
        {
            // The SDK itself already answers an older unknown version this way.
            parameters["protocolVersion"] = ProtocolEra.NewestWithHandshake;
        }

        return next(context, cancellationToken);
    };
}
