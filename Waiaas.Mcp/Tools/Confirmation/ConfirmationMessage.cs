using System.Globalization;
using System.Text;
using System.Text.Json;
using Waiaas.Mcp.Json;

namespace Waiaas.Mcp.Tools.Confirmation;

/// <summary>
/// The question the human reads before a spending call is sent, in one place: what (the tool), how much, to whom, on
/// which network and from which wallet, then whatever else the call carries, exactly as it will be sent. Values come
/// from the model, so nothing in them can draw a line of its own (control and direction-changing characters are
/// replaced) and long ones are cut.
/// </summary>
internal static class ConfirmationMessage
{
    private const int MaxValueLength = 120;
    private const string Cut = "…";

    /// <summary>Wei is the smallest unit of every EVM chain's native coin: 10^18 wei make one ETH, POL...</summary>
    private const int WeiDecimals = 18;

    /// <summary>
    /// The arguments read into their own line, in the order the question lists them. The unit is what this server's own
    /// tools take (their amounts are worded by <see cref="OwnAmountLine"/>); an action's parameter of the same name is
    /// the provider's, so it is shown without one.
    /// </summary>
    private static readonly (string Argument, string Label, string? Unit)[] Named =
    [
        ("human_amount", "Amount", null),
        ("amount", "Amount", null),
        ("value", "Value", null),
        ("token", "Token", null),
        ("token_address", "NFT contract", null),
        ("token_id", "NFT token id", null),
        ("to", "To", null),
        ("spender", "Spender (may move these tokens)", null),
        ("url", "URL (paid for as it asks)", null),
        ("instructions", "Instructions", "one transaction"),
        ("network", "Network", null),
    ];

    public static string For(
        ToolDefinition tool, IReadOnlyDictionary<string, JsonElement> arguments, string? walletId, string? walletName)
    {
        var text = new StringBuilder();
        var label = walletName is null ? string.Empty : $"[{Clean(walletName)}] ";
        text.Append(label)
            .Append("The assistant wants to: ").Append(tool.Title).Append(" (").Append(tool.Name).Append(").\n");
        foreach (var (argument, name, unit) in Named)
        {
            if (arguments.TryGetValue(argument, out var value))
            {
                text.Append(OwnAmountLine(tool, argument, value, arguments)
                    ?? $"{LabelOf(tool, argument, name, unit)}: {Show(argument, value)}").Append('\n');
            }
            else if (argument == "network" && tool.FindArgument(argument) is not null)
            {
                text.Append(name).Append(": not given (the wallet's default network)\n");
            }
        }

        var wallet = arguments.TryGetValue(WalletArgument.Name, out var given)
            ? Show(WalletArgument.Name, given)
            : walletId is null ? null : Clean(walletId);
        text.Append("From wallet: ").Append(wallet ?? "the session's only wallet (the daemon picks it)").Append('\n');

        var others = arguments
            .Where(a => a.Key != WalletArgument.Name && a.Key != "dry_run" && Named.All(n => n.Argument != a.Key))
            .Select(a => $"{Clean(a.Key)}: {Show(a.Key, a.Value)}")
            .ToList();
        if (others.Count > 0)
        {
            text.Append("Also: ").Append(string.Join("; ", others)).Append('\n');
        }

        if (arguments.TryGetValue("dry_run", out var dryRun) && dryRun.ValueKind == JsonValueKind.True)
        {
            // The daemon runs an action's off-chain steps before it looks at dryRun; only on-chain ones are simulated.
            text.Append("Dry run asked: on-chain steps are only simulated, but off-chain ones (signed "
                + "orders, API calls) may still run.\n");
        }

        text.Append("Accept to send it to the WAIaaS daemon (the wallet's policies still apply "
            + "there); decline and nothing is sent.");
        return text.ToString();
    }

    /// <summary>
    /// The line of an amount this server's own tools take, in words a person checks: whole units with the symbol first
    /// when the decimals are known, the digit string as given beside them, and never cut. Null for other arguments.
    /// </summary>
    private static string? OwnAmountLine(
        ToolDefinition tool, string argument, JsonElement value, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        if (argument is not ("amount" or "human_amount" or "value") || IsProviderParameter(tool, argument))
        {
            return null;
        }

        var given = Clean(JsonText.ReadLenient(value) ?? value.GetRawText());
        var token = arguments.TryGetValue("token", out var t) ? TokenObject(t) : null;
        return argument switch
        {
            "value" => $"Value: {WeiPhrase(given)}",
            "human_amount" => token is { } withToken
                ? $"Amount: {given} {SymbolOf(withToken) ?? "of the token"} (in whole units; the daemon converts them)"
                : $"Amount: {given} in whole units of the native coin (ETH, SOL...)",
            // transfer_nft: the number of ERC-1155 copies, no unit to convert.
            _ when tool.FindArgument("human_amount") is null => $"Amount: {given}",
            _ when arguments.TryGetValue("nft", out var nft) => $"Amount: {given}, with nft: {NftApproval(given, nft)}",
            _ => $"Amount: {AmountPhrase(given, token)}",
        };
    }

    /// <summary>An amount in the smallest unit of <paramref name="token"/> (the native coin when null).</summary>
    private static string AmountPhrase(string digits, JsonElement? token)
    {
        if (token is not { } known)
        {
            return $"{digits} in the native coin's smallest unit (wei, lamports; its decimals are unknown here)";
        }

        var whole = DecimalsOf(known) is { } decimals ? UnitAmount.InWholeUnits(digits, decimals) : null;
        return (whole, SymbolOf(known)) switch
        {
            (null, _) => $"{digits} in the token's smallest unit (its decimals are unknown here)",
            ({ } amount, { } symbol) => $"{amount} {symbol} ({digits} in the smallest unit)",
            ({ } amount, null) => string.Create(
                CultureInfo.InvariantCulture,
                $"{amount} of the token ({digits} in the smallest unit, {DecimalsOf(known)} decimals)"),
        };
    }

    private static string WeiPhrase(string wei) => UnitAmount.InWholeUnits(wei, WeiDecimals) is { } whole
        ? $"{whole} of the native coin, e.g. ETH ({wei} wei)"
        : $"{wei} (wei)";

    /// <summary>An NFT approval's amount decides its reach: 0 is one token id, anything else every NFT.</summary>
    private static string NftApproval(string amount, JsonElement nft) =>
        amount == "0"
            ? $"approves only the NFT with token id {Shorten(Clean(JsonText.StringProperty(nft, "tokenId") ?? "?"))}"
            : "approves EVERY NFT of this collection (setApprovalForAll), not one token id";

    private static JsonElement? TokenObject(JsonElement token) =>
        token.ValueKind == JsonValueKind.Object ? token : null;

    private static int? DecimalsOf(JsonElement token) =>
        token.TryGetProperty("decimals", out var decimals) && decimals.TryGetInt32(out var places) ? places : null;

    private static string? SymbolOf(JsonElement token) =>
        JsonText.StringProperty(token, "symbol") is { Length: > 0 } symbol ? Shorten(Clean(symbol)) : null;

    /// <summary>An action's own parameters go into the body's params, in the provider's units.</summary>
    private static bool IsProviderParameter(ToolDefinition tool, string argument) =>
        tool.FindArgument(argument)?.DaemonField.StartsWith("params.", StringComparison.Ordinal) != false;

    private static string LabelOf(ToolDefinition tool, string argument, string label, string? unit) =>
        unit is null || IsProviderParameter(tool, argument) ? label : $"{label} ({unit})";

    private static string Show(string argument, JsonElement value) => (argument, value.ValueKind) switch
    {
        ("token", JsonValueKind.Object) => Token(value),
        ("instructions", JsonValueKind.Array) => Instructions(value),
        _ => Shorten(Clean(JsonText.ReadLenient(value) ?? value.GetRawText())),
    };

    /// <summary>
    /// A batch's instructions, one line each: the batch is one transaction, and each of them moves something. Its
    /// amount comes first and is never cut; the rest of the instruction follows as sent.
    /// </summary>
    private static string Instructions(JsonElement instructions)
    {
        var lines = instructions.EnumerateArray()
            .Select((instruction, i) => $"\n  {i + 1}. {Instruction(instruction)}");
        return string.Create(CultureInfo.InvariantCulture, $"{instructions.GetArrayLength()}{string.Concat(lines)}");
    }

    private static string Instruction(JsonElement instruction)
    {
        if (instruction.ValueKind != JsonValueKind.Object)
        {
            return Shorten(Clean(instruction.GetRawText()));
        }

        var token = instruction.TryGetProperty("token", out var t) ? TokenObject(t) : null;
        var amounts = new List<string>();
        if (JsonText.StringProperty(instruction, "amount") is { } amount)
        {
            amounts.Add($"amount {AmountPhrase(Clean(amount), token)}");
        }

        if (JsonText.StringProperty(instruction, "value") is { } value)
        {
            amounts.Add($"value {WeiPhrase(Clean(value))}");
        }

        var rest = instruction.EnumerateObject()
            .Where(p => amounts.Count == 0 || p.Name is not ("amount" or "value"))
            .Select(p => $"\"{JsonEncodedText.Encode(p.Name)}\":{p.Value.GetRawText()}");
        return string.Join("; ", [.. amounts, Shorten(Clean($"{{{string.Join(',', rest)}}}"))]);
    }

    /// <summary>
    /// A token object as a person reads it, one short line each: symbol and decimals (which the amount depends on),
    /// then address and CAIP-19 id, so a long id can never push the decimals out of sight.
    /// </summary>
    private static string Token(JsonElement token)
    {
        var decimals = DecimalsOf(token) is { } places
            ? string.Create(CultureInfo.InvariantCulture, $"{places} decimals")
            : "decimals not given";
        var lines = new List<string> { $"{SymbolOf(token) ?? "no symbol given"}, {decimals}" };
        foreach (var (name, label) in new[] { ("address", "Token address"), ("assetId", "Token asset id") })
        {
            if (JsonText.StringProperty(token, name) is { } part)
            {
                lines.Add($"{label}: {Shorten(Clean(part))}");
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Control, line-breaking and direction-changing characters become spaces: a value can never fake a line.
    /// </summary>
    private static string Clean(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            var category = char.GetUnicodeCategory(c);
            var becomesSpace = char.IsControl(c)
                || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator;
            text.Append(becomesSpace ? ' ' : c);
        }

        return text.ToString();
    }

    private static string Shorten(string value)
    {
        if (value.Length <= MaxValueLength)
        {
            return value;
        }

        var length = MaxValueLength - Cut.Length;
        // Never half a surrogate pair: the message must stay valid text.
        return value[..(char.IsHighSurrogate(value[length - 1]) ? length - 1 : length)] + Cut;
    }
}
