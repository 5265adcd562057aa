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

    /// <summary>
    /// The arguments read into their own line, in the order the question lists them. The unit is what this server's own
    /// tools take; an action's parameter of the same name is the provider's, so it is shown without one.
    /// </summary>
    private static readonly (string Argument, string Label, string? Unit)[] Named =
    [
        ("human_amount", "Amount", "whole units"),
        ("amount", "Amount", null),
        ("value", "Value", "wei"),
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
                text.Append(LabelOf(tool, argument, name, unit))
                    .Append(": ").Append(Show(argument, value)).Append('\n');
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

    private static string LabelOf(ToolDefinition tool, string argument, string label, string? unit)
    {
        // An action's own parameters go into the body's params, in the provider's units.
        if (tool.FindArgument(argument)?.DaemonField.StartsWith("params.", StringComparison.Ordinal) != false)
        {
            return label;
        }

        // Beside human_amount, amount is the same amount in the token's smallest unit (wei, lamports).
        unit ??= argument == "amount" && tool.FindArgument("human_amount") is not null ? "smallest unit" : null;
        return unit is null ? label : $"{label} ({unit})";
    }

    private static string Show(string argument, JsonElement value) => (argument, value.ValueKind) switch
    {
        ("token", JsonValueKind.Object) => Token(value),
        ("instructions", JsonValueKind.Array) => Instructions(value),
        _ => Shorten(Clean(JsonText.ReadLenient(value) ?? value.GetRawText())),
    };

    /// <summary>
    /// A batch's instructions, one line each: the batch is one transaction, and each of them moves something.
    /// </summary>
    private static string Instructions(JsonElement instructions)
    {
        var lines = instructions.EnumerateArray()
            .Select((instruction, i) => $"\n  {i + 1}. {Shorten(Clean(instruction.GetRawText()))}");
        return string.Create(CultureInfo.InvariantCulture, $"{instructions.GetArrayLength()}{string.Concat(lines)}");
    }

    /// <summary>A token object as a person reads it: symbol, address, CAIP-19 id, decimals.</summary>
    private static string Token(JsonElement token)
    {
        var parts = new[] { "symbol", "address", "assetId" }
            .Select(name => JsonText.StringProperty(token, name))
            .OfType<string>()
            .Select(Clean)
            .ToList();
        if (token.TryGetProperty("decimals", out var decimals) && decimals.TryGetInt32(out var places))
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"({places} decimals)"));
        }

        return Shorten(parts.Count == 0 ? Clean(token.GetRawText()) : string.Join(' ', parts));
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
