using static Waiaas.Mcp.Tools.Arguments;
using static Waiaas.Mcp.Tools.Schema.Schemas;

namespace Waiaas.Mcp.Tools.Catalog;

/// <summary>ERC-8004 agent registries: on-chain identity, reputation and validation of AI agents.</summary>
internal static class Erc8004Tools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        new()
        {
            Name = "erc8004_get_agent_info",
            Title = "Look up an agent (ERC-8004)",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "Look up an AI agent's on-chain identity in the ERC-8004 Identity Registry by agent id.",
            Route = DaemonRoute.Get("/v1/erc8004/agent/{agent_id}"),
            Arguments = [Path("agent_id", Text("The agent's ERC-8004 id.")).Required()],
        },

        new()
        {
            Name = "erc8004_get_reputation",
            Title = "Agent reputation (ERC-8004)",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "Get an AI agent's reputation summary from the ERC-8004 Reputation Registry, "
                + "optionally filtered by feedback tags.",
            Route = DaemonRoute.Get("/v1/erc8004/agent/{agent_id}/reputation"),
            Arguments =
            [
                Path("agent_id", Text("The agent's ERC-8004 id.")).Required(),
                Query("tag1", Text("First feedback tag filter.")),
                Query("tag2", Text("Second feedback tag filter.")),
            ],
        },

        new()
        {
            Name = "erc8004_get_validation_status",
            Title = "Validation status (ERC-8004)",
            Hints = ToolHints.Read,
            ActsOnWallet = false,
            Description = "Get the status of an ERC-8004 validation request by its hash (Validation Registry).",
            Route = DaemonRoute.Get("/v1/erc8004/validation/{request_hash}"),
            Arguments = [Path("request_hash", Text("The validation request hash (0x...).")).Required()],
        },

        new()
        {
            Name = "erc8004_get_registration_file",
            Title = "Agent registration file (ERC-8004)",
            Hints = ToolHints.Read,
            Description =
                "Get the ERC-8004 registration JSON the daemon generates for a wallet (what "
                + "action_erc8004_agent_register_agent publishes): name, description, services and their "
                + "endpoints, trust models. The wallet id must be a UUID.",
            Route = DaemonRoute.Get("/v1/erc8004/registration-file/{wallet_id}"),
            Arguments = [WalletArgument.InPath],
        },
    ];
}
