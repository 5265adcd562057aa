namespace Waiaas.Mcp.Tools.Confirmation;

/// <summary>
/// An amount in a token's smallest unit written in whole units (1500000 with 6 decimals is 1.5), by moving the decimal
/// point in the digit string: exact for any length (amounts pass 64 bits), never rounded, no floating point.
/// </summary>
internal static class UnitAmount
{
    /// <summary>
    /// Null when <paramref name="digits"/> is not a plain digit string or <paramref name="decimals"/> is negative.
    /// </summary>
    public static string? InWholeUnits(string digits, int decimals)
    {
        if (digits.Length == 0 || decimals < 0 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var padded = digits.PadLeft(decimals + 1, '0');
        var whole = padded[..^decimals].TrimStart('0');
        var fraction = padded[^decimals..].TrimEnd('0');
        if (whole.Length == 0)
        {
            whole = "0";
        }

        return fraction.Length == 0 ? whole : $"{whole}.{fraction}";
    }
}
