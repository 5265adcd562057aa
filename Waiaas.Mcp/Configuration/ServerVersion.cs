namespace Waiaas.Mcp.Configuration;

/// <summary>
/// The version stamped at build or publish (<c>-p:Version=</c>): <c>Current</c> is a constant generated from
/// <c>$(InformationalVersion)</c> by the project file (ServerVersion.g.cs), so start-up never reads attributes.
/// </summary>
internal static partial class ServerVersion;
