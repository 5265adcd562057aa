using System.Reflection;

namespace Waiaas.Mcp.Hosting;

/// <summary>The version stamped on the assembly at build or publish (<c>-p:Version=</c>).</summary>
internal static class ServerVersion
{
    public static string Current { get; } =
        typeof(ServerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";
}
