using System.Globalization;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Waiaas.Mcp.Json;
using Waiaas.Mcp.Daemon;
using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Tools.Composite;

/// <summary>
/// wait_for_transaction: a send is accepted as PENDING and settles later, so instead of the model polling
/// get_transaction turn after turn, this polls <c>GET /v1/transactions/{id}</c> while the transaction is in flight and
/// answers once it is anything else, or with its last state at the timeout. While waiting it reports each status it
/// waits in (and every few seconds) as progress when the caller asked for it; cancelling the call or shutting down
/// stops it before the next request.
/// </summary>
internal static class WaitForTransaction
{
    public const int DefaultTimeoutSeconds = 60;
    public const int MaxTimeoutSeconds = 300;

    private const string IdArgument = "transaction_id";
    private const string TimeoutArgument = "timeout_seconds";

    /// <summary>
    /// A status report at least this often while the status stays the same, so the client sees the wait is alive.
    /// </summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FastestPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SlowestPoll = TimeSpan.FromSeconds(5);

    /// <summary>Statuses the policy engine, the signer or the chain is still working on, soon to change.</summary>
    private static readonly HashSet<string> InFlight = new(StringComparer.Ordinal)
    {
        "PENDING", "EXECUTING", "SUBMITTED", "GAS_WAITING",
    };

    private const string QueuedHint =
        "QUEUED: the transaction waits out a policy delay or for the owner's approval, which can take "
        + "hours, so this tool does not wait for it. Tell the user; check it later with get_transaction, "
        + "or take it back with cancel_transaction.";

    public static ToolDefinition Tool { get; } = new()
    {
        Name = "wait_for_transaction",
        Title = "Wait for a transaction to settle",
        Hints = ToolHints.Read,
        WaitsLong = true,
        Description =
            "Wait for a transaction to settle and return it, instead of calling get_transaction again and again: polls "
            + "it every 1 to 5 s while it is PENDING, EXECUTING, SUBMITTED or GAS_WAITING, and answers as soon as it "
            + "is anything else: CONFIRMED, FAILED, CANCELLED (error says why, e.g. a policy denied it), EXPIRED, "
            + "PARTIAL_FAILURE, SIGNED, or QUEUED (a delay or the owner's approval, which can take hours: it does not "
            + "wait for that). At the timeout it answers the last state with a hint: still in flight, not failed.",
        Route = DaemonRoute.Get("/v1/transactions/{transaction_id}"),
        Arguments =
        [
            Path(IdArgument, Text("Transaction id (a UUID) from a send, an action or list_transactions.")).Required(),
            Local(TimeoutArgument, Integer(
                $"Seconds to wait at most (default {DefaultTimeoutSeconds}).", 1, MaxTimeoutSeconds)),
        ],
        Executor = ExecuteAsync,
    };

    /// <summary>
    /// The pause before the next poll: a fifth of the time waited so far, from 1 s (at first) to 5 s.
    /// </summary>
    public static TimeSpan PollInterval(TimeSpan waited)
    {
        var interval = waited / 5;
        return interval < FastestPoll ? FastestPoll : interval > SlowestPoll ? SlowestPoll : interval;
    }

    private static async Task<CallToolResult> ExecuteAsync(ToolCall call, CancellationToken cancellationToken)
    {
        // Checked: a whole number from 1 to 300, possibly written 60.0.
        var timeout = TimeSpan.FromSeconds(
            call.Arguments.TryGetValue(TimeoutArgument, out var seconds) ? seconds.GetDouble() : DefaultTimeoutSeconds);
        var request = call.DeclaredRequest();
        var start = call.Time.GetUtcNow();
        var deadline = start + timeout;
        string? reported = null;
        var reportedAt = start;
        while (true)
        {
            var polledAt = call.Time.GetUtcNow();
            var result = await call.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (result is not DaemonResult.Ok ok)
            {
                return ResultMapper.ToToolResult(result);
            }

            var status = StatusOf(ok.Json);
            var now = call.Time.GetUtcNow();
            var settled = status is null || !InFlight.Contains(status);
            if (settled || now >= deadline)
            {
                // No report of the last state: the answer carries it, and the TypeScript SDK client handles
                // notifications a step later than answers, so a report written just before the answer finds the call
                // over ("unknown token").
                return settled ? Settled(ok, status) : StillInFlight(ok, status!, timeout);
            }

            // Polls keep to the clock, however long a report takes to write: the next one is armed first.
            var nextPoll = polledAt + PollInterval(polledAt - start);
            var pause = (nextPoll < deadline ? nextPoll : deadline) - now;
            var waiting = pause > TimeSpan.Zero ? Task.Delay(pause, call.Time, cancellationToken) : Task.CompletedTask;
            if (status != reported || now - reportedAt >= HeartbeatInterval)
            {
                await ReportAsync(call, status, now - start, timeout, cancellationToken).ConfigureAwait(false);
                (reported, reportedAt) = (status, now);
            }

            await waiting.ConfigureAwait(false);
        }
    }

    private static Task ReportAsync(
        ToolCall call, string? status, TimeSpan waited, TimeSpan timeout, CancellationToken cancellationToken) =>
        call.Progress.ReportAsync(
            (float)waited.TotalSeconds,
            (float)timeout.TotalSeconds,
            string.Create(
                CultureInfo.InvariantCulture,
                $"Transaction {call.GetString(IdArgument)}: {status ?? "no status"} after {waited.TotalSeconds:0} s"),
            cancellationToken);

    private static string? StatusOf(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonText.StringProperty(document.RootElement, "status");
    }

    /// <summary>
    /// The daemon's answer as it is, except QUEUED, which gets a hint: that wait is the owner's, not this tool's.
    /// </summary>
    private static CallToolResult Settled(DaemonResult.Ok answer, string? status) =>
        status == "QUEUED" ? WithHint(answer, QueuedHint) : ResultMapper.ToToolResult(answer);

    private static CallToolResult StillInFlight(DaemonResult.Ok answer, string status, TimeSpan timeout) =>
        WithHint(
            answer,
            string.Create(CultureInfo.InvariantCulture, $"Still {status} after {timeout.TotalSeconds:0} s: ")
                + "the transaction is in flight, not failed. "
                + "Call wait_for_transaction again to keep waiting, or check it later with get_transaction.");

    /// <summary>The daemon's JSON object with this server's <c>hint</c> added.</summary>
    private static CallToolResult WithHint(DaemonResult.Ok answer, string hint)
    {
        using var document = JsonDocument.Parse(answer.Json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return ResultMapper.ToToolResult(answer);
        }

        return ToolCall.Answer(writer =>
        {
            foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Name != "hint"))
            {
                property.WriteTo(writer);
            }

            writer.WriteString("hint", hint);
        });
    }
}
