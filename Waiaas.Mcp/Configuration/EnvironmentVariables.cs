namespace Waiaas.Mcp.Configuration;

/// <summary>
/// The environment variables the server reads. Names are part of the public contract (README, server.json).
/// </summary>
internal static class EnvironmentVariables
{
    public const string BaseUrl = "WAIAAS_BASE_URL";
    public const string DataDir = "WAIAAS_DATA_DIR";
    public const string SessionToken = "WAIAAS_SESSION_TOKEN";
    public const string WalletId = "WAIAAS_WALLET_ID";
    public const string WalletName = "WAIAAS_WALLET_NAME";
    public const string RequestTimeoutSeconds = "WAIAAS_MCP_REQUEST_TIMEOUT_SECONDS";
    public const string LogLevel = "WAIAAS_MCP_LOG_LEVEL";
    public const string Confirm = "WAIAAS_MCP_CONFIRM";
}
