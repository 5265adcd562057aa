namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>Sentences several tool descriptions share, so the model reads one rule one way.</summary>
internal static class ToolTexts
{
    /// <summary>What every route that queues a transaction (send, actions) really answers.</summary>
    public const string AcceptedAsPending =
        "The daemon answers {id, status: \"PENDING\"} as soon as it has stored the request, before any policy runs, so "
        + "acceptance is not success: pass the id to wait_for_transaction, which answers once it is CONFIRMED, FAILED, "
        + "CANCELLED (a policy denied it; error says why) or QUEUED (waiting out a delay or for the owner's approval, "
        + "which cancel_transaction can take back).";

    /// <summary>Routes that sign at once: a policy refusal is an error of the call itself.</summary>
    public const string SignedAtOnce =
        "Policies are checked at once: a denial comes back as an error of this call (POLICY_DENIED), and tiers that "
        + "would wait (delay, owner approval) are refused instead of queued.";

    public const string WalletFromSession =
        "The wallet is wallet_id, else WAIAAS_WALLET_ID, else the session's only wallet.";
}
