using Waiaas.Mcp.Tools.Confirmation;

namespace Waiaas.Mcp.Tests.Tools;

public sealed class UnitAmountTests
{
    [Theory]
    [InlineData("1500000", 6, "1.5")]
    [InlineData("1000000", 6, "1")]
    [InlineData("1", 18, "0.000000000000000001")]
    [InlineData("0", 6, "0")]
    [InlineData("000120", 2, "1.2")]
    [InlineData("5", 0, "5")]
    [InlineData("999999999999999999999", 6, "999999999999999.999999")]
    // 2^256 - 1, an unlimited approval: far past 64 bits and past a double's precision.
    [InlineData(
        "115792089237316195423570985006687907853269984665640564039457584007913129639935",
        18,
        "115792089237316195423570985006687907853269984665640564039457.584007913129639935")]
    public void InWholeUnits_DigitString_MovesThePointExactlyWithoutRounding(string digits, int decimals, string expected) =>
        Assert.Equal(expected, UnitAmount.InWholeUnits(digits, decimals));

    [Theory]
    [InlineData("1.5", 6)]
    [InlineData("-1", 6)]
    [InlineData("", 6)]
    [InlineData("1e6", 6)]
    [InlineData("١٢", 0)]
    [InlineData("1", -1)]
    public void InWholeUnits_NotADigitStringOrNegativeDecimals_Null(string digits, int decimals) =>
        Assert.Null(UnitAmount.InWholeUnits(digits, decimals));
}
