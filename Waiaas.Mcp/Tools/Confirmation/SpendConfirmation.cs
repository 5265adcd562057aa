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
/// the call waits here, on the request-scoped server, whose client capabilities are the ones this request declared,
/// but never longer than <see cref="AnswerTimeout"/>.
/// </remarks>
internal sealed class SpendConfirmation(ServerConfiguration configuration, TimeProvider time)
{
    /// <summary>
    /// How long a question waits for its answer. Generous for a person who reads the amount and the address and checks
    /// them elsewhere first; past it the question is most likely abandoned (a client that never shows it, or never
    /// calls again in 2026-07-28), and each one left waiting holds its call, so it is withdrawn and nothing is sent.
    /// </summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The one answer that lets a call go on, exactly (the SDK's IsAccepted ignores case).</summary>
    private const string Accept = "accept";

    /// <summary>The answers that say no; any other action is not understood, and refused as well.</summary>
    private static readonly string[] Refusals = ["decline", "cancel"];

    private const int MaxShownActionLength = 40;

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
        // Cancelling the wait releases it in both eras: the 2025 request is withdrawn (notifications/cancelled) and the
        // 2026-07-28 call stops waiting for the client to call again.
        using var timeout = new CancellationTokenSource(AnswerTimeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            answer = await server.ElicitAsync(question, waiting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
            when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Refuse(Guidance.NotConfirmedInTime(AnswerTimeout));
        }
        catch (Exception ex) when (ex is McpException or InvalidOperationException or JsonException)
        {
            return Refuse(Guidance.ConfirmationUnavailable($"the client could not show the question: {ex.Message}"));
        }

        return answer.Action switch
        {
            Accept => null,
            _ when Refusals.Contains(answer.Action, StringComparer.Ordinal) => Refuse(Guidance.DeclinedByUser()),
            _ => Refuse(Guidance.ConfirmationUnavailable(
                $"the client's answer {Shown(answer.Action)} was not understood: only the action "
                    + "\"accept\" approves a call")),
        };
    }

    /// <summary>The client's action as the model reads it: quoted, and short (it comes from the client).</summary>
    private static string Shown(string? action) => action switch
    {
        null => "(no action)",
        // Never half a surrogate pair: the guidance must stay valid text.
        { Length: > MaxShownActionLength } when char.IsHighSurrogate(action[MaxShownActionLength - 1]) =>
            $"\"{action[..(MaxShownActionLength - 1)]}…\"",
        { Length: > MaxShownActionLength } => $"\"{action[..MaxShownActionLength]}…\"",
        _ => $"\"{action}\"",
    };

    private static CallToolResult Refuse(GuidancePayload guidance) => ResultMapper.ToToolResult(guidance);
}
