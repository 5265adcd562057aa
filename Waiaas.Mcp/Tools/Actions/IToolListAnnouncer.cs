namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// Tells the connected clients that the tool list changed (hosting routes it the way each protocol era wants).
/// </summary>
internal interface IToolListAnnouncer
{
    void ToolListChanged();
}
