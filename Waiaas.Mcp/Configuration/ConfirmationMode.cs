namespace Waiaas.Mcp.Configuration;

/// <summary>Which tool calls the human confirms before anything is sent (<c>WAIAAS_MCP_CONFIRM</c>).</summary>
internal enum ConfirmationMode
{
    /// <summary>No call asks: the wallet's policies in the daemon are the only check.</summary>
    None,

    /// <summary>Every call that can move funds or grant rights over them asks first, through MCP elicitation.</summary>
    Spend,
}
