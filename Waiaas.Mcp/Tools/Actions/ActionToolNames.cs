using System.Text;

namespace Waiaas.Mcp.Tools.Actions;

/// <summary>
/// Tool names for the daemon's actions: <c>action_{provider}_{action}</c> when that is a valid MCP tool name
/// (<c>^[a-zA-Z0-9_-]{1,64}$</c>; clients reject the whole list when one name breaks it) and no other action or static
/// tool would get the same name (<c>a_b</c> + <c>c</c> and <c>a</c> + <c>b_c</c> both make <c>action_a_b_c</c>).
/// Otherwise the name is cut and ends in a hash of the provider and action, so it is stable across fetches.
/// </summary>
internal static class ActionToolNames
{
    public const string Prefix = "action_";
    public const int MaxLength = 64;
    private const int HashLength = 8;

    /// <summary>
    /// One name per (provider, action), in order; null where no valid unique name exists (an empty part).
    /// </summary>
    public static IReadOnlyList<string?> Assign(
        IReadOnlyList<(string Provider, string Action)> actions, IReadOnlySet<string> taken)
    {
        var plain = actions.Select(a => Plain(a.Provider, a.Action)).ToList();
        var counts = plain.GroupBy(name => name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var names = new List<string?>(actions.Count);
        var used = new HashSet<string>(taken, StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var (provider, action) = actions[i];
            string? name = null;
            if (provider.Length > 0 && action.Length > 0)
            {
                name = IsValid(plain[i]) && counts[plain[i]] == 1 && !taken.Contains(plain[i])
                    ? plain[i]
                    : Hashed(plain[i], provider, action);
            }

            names.Add(name is not null && used.Add(name) ? name : null);
        }

        return names;
    }

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Plain(string provider, string action) => $"{Prefix}{provider}_{action}";

    private static string Hashed(string plain, string provider, string action)
    {
        var safe = new string(plain.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        var keep = MaxLength - HashLength - 1;
        return $"{(safe.Length > keep ? safe[..keep] : safe)}_{Hash(provider, action)}";
    }

    /// <summary>
    /// FNV-1a over the provider, a NUL and the action: 8 hex digits that never change for the same pair.
    /// </summary>
    private static string Hash(string provider, string action)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(provider + "\0" + action))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return ((uint)(hash ^ (hash >> 32))).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }
}
