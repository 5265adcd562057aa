namespace Waiaas.Mcp.Configuration;

/// <summary>Logger categories; each is printed as the line's prefix, e.g. <c>[waiaas-mcp:session]</c>.</summary>
internal static class LogCategories
{
    public const string Server = "waiaas-mcp";
    public const string Session = "waiaas-mcp:session";
    public const string Api = "waiaas-mcp:api";
}
