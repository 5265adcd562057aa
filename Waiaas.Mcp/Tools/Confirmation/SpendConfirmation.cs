using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Waiaas.Mcp.Configuration;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Confirmation;

/// <summary>
/// <c>WAIAAS_MCP_CONFIRM=spend</c>: before a tool that can move funds or grant rights over them (the
/// <see cref="ToolHints.Spend"/> tools, every <c>action_*</c> tool among them) sends anything, the human is asked
/// through MCP elicitation, with the call in plain words. It fails safe: a declined or dismissed question, a client
/// that cannot be asked and a question that fails all leave the daemon untouched and answer guidance instead.
/// </summary>
/// <remarks>
/// The SDK carries the question in both protocol eras: as an <c>elicitation/create</c> request to the client (2025),
/// and as the tools/call's <c>InputRequiredResult</c> that the client answers by calling again (2026-07-28). Either way
/// the call waits here, on the request-scoped server, whose client capabilities are the ones this request declared.
/// </remarks>
internal sealed class SpendConfirmation(ServerConfiguration configuration)
{
    /// <summary>True when calls of <paramref name="tool"/> wait for the human's answer.</summary>
    public bool Covers(ToolDefinition tool) =>
        configuration.Confirm == ConfirmationMode.Spend && tool.Hints == ToolHints.Spend;

    /// <summary>
    /// Asks when <paramref name="tool"/> is covered; null when the call may go on, else its answer (nothing was sent).
    /// </summary>
    public async Task<CallToolResult?> AskAsync(
        McpServer server, ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments, string? walletId,
        CancellationToken cancellationToken)
    {
        if (!Covers(tool))
        {
            return null;
        }

        if (server.ClientCapabilities?.Elicitation?.Form is null)
        {
            return Refuse(Guidance.ConfirmationUnavailable(
                "this MCP client does not support elicitation, the way a server asks its user"));
        }

        var question = new ElicitRequestParams
        {
            Message = ConfirmationMessage.For(tool, arguments, walletId, configuration.WalletName),
            // Nothing to fill in: the answer is the action itself, accept or decline.
            RequestedSchema = new ElicitRequestParams.RequestSchema(),
        };
        ElicitResult answer;
        try
        {
            answer = await server.ElicitAsync(question, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is McpException or InvalidOperationException or JsonException)
        {
            return Refuse(Guidance.ConfirmationUnavailable($"the client could not show the question: {ex.Message}"));
        }

        return answer.IsAccepted ? null : Refuse(Guidance.DeclinedByUser());
    }

    private static CallToolResult Refuse(GuidancePayload guidance) => ResultMapper.ToToolResult(guidance);
}
