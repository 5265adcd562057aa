using Waiaas.Mcp.Daemon;

namespace Waiaas.Mcp.Tests.Daemon;

public sealed class UrlBuilderTests
{
    [Theory]
    [InlineData("tx-1", "tx-1")]
    [InlineData("../admin/status", "%2E%2E%2Fadmin%2Fstatus")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("%2e%2e", "%252e%252e")]
    [InlineData("..", "%2E%2E")]
    [InlineData("x?y#z", "x%3Fy%23z")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("지갑", "%EC%A7%80%EA%B0%91")]
    public void EncodePathSegment_HostileValue_StaysOneSegment(string value, string expected)
    {
        Assert.Equal(expected, UrlBuilder.EncodePathSegment(value));
    }

    [Fact]
    public void AppendQuery_ValuesInOrder_FormEncodedAndNullsLeftOut()
    {
        var url = UrlBuilder.AppendQuery("/v1/wallet/balance",
        [
            KeyValuePair.Create("network", (string?)"ethereum-sepolia"),
            KeyValuePair.Create("display_currency", (string?)null),
            KeyValuePair.Create("walletId", (string?)"a&b=c"),
        ]);

        Assert.Equal("/v1/wallet/balance?network=ethereum-sepolia&walletId=a%26b%3Dc", url);
    }

    [Fact]
    public void AppendQuery_NoValues_PathUnchanged()
    {
        Assert.Equal("/v1/connect-info", UrlBuilder.AppendQuery("/v1/connect-info", []));
    }
}
