using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waiaas.Mcp.Json;

/// <summary>
/// Reading JSON strings that may not be text: valid JSON can escape an unpaired surrogate (<c>"\ud83d"</c>).
/// </summary>
internal static class JsonText
{
    /// <summary>The string's value, or false when it holds an unpaired surrogate (reading it would throw).</summary>
    public static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// The string property <paramref name="name"/> of an object, read as <see cref="ReadLenient"/> reads it; null when
    /// <paramref name="element"/> is not an object or the property is missing or not a string.
    /// </summary>
    public static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? ReadLenient(value)
            : null;

    /// <summary>
    /// The string's value with any unpaired surrogate replaced by U+FFFD: Node cuts strings inside an emoji, and a name
    /// or description with a broken character is still worth showing. Null when <paramref name="element"/> is not a
    /// string.
    /// </summary>
    public static string? ReadLenient(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        if (TryGetString(element, out var text))
        {
            return text;
        }

        // Unescape by hand: the raw literal is valid JSON, so only \uXXXX needs care.
        var literal = element.GetRawText();
        var raw = literal.AsSpan(1, literal.Length - 2);
        var builder = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                builder.Append(raw[i]);
                continue;
            }

            var escape = raw[++i];
            switch (escape)
            {
                case 'u':
                    builder.Append((char)Convert.ToUInt16(raw.Slice(i + 1, 4).ToString(), 16));
                    i += 4;
                    break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                default: builder.Append(escape); break;
            }
        }

        return ReplaceUnpairedSurrogates(builder.ToString());
    }

    /// <summary>
    /// The first string in <paramref name="node"/> that is not text, at any depth: a value (its path) or a property
    /// name (the path of the object holding it: a name that does not read cannot be shown). Null when every string
    /// reads. A parsed node cannot even be written back out when one does not: the SDK's params reader throws on it.
    /// Every tools/call is walked, so a path is only built for what is found.
    /// </summary>
    public static UnreadableString? FindUnreadable(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject fields:
                List<KeyValuePair<string, JsonNode?>> properties;
                try
                {
                    properties = [.. fields];
                }
                catch (InvalidOperationException)
                {
                    return new UnreadableString(string.Empty, IsName: true);
                }

                foreach (var (name, value) in properties)
                {
                    if (FindUnreadable(value) is { } found)
                    {
                        return found with { Path = Within(name, found.Path) };
                    }
                }

                return null;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (FindUnreadable(items[i]) is { } found)
                    {
                        return found with { Path = Within($"[{i}]", found.Path) };
                    }
                }

                return null;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element):
                return element.ValueKind == JsonValueKind.String && !TryGetString(element, out _)
                    ? new UnreadableString(string.Empty, IsName: false)
                    : null;
            default:
                return null;
        }
    }

    /// <summary><c>token</c> + <c>address</c> → <c>token.address</c>; an index joins without a dot.</summary>
    private static string Within(string outer, string inner) =>
        inner.Length == 0 ? outer : inner[0] == '[' ? outer + inner : $"{outer}.{inner}";

    /// <summary>
    /// Whether an object anywhere in <paramref name="json"/> gives a field name twice. JSON leaves such an object's
    /// meaning open, and System.Text.Json's nodes throw on it wherever it is first looked into. False for text that is
    /// not JSON: that is for its reader to refuse.
    /// </summary>
    public static bool HasFieldNameTwice(System.Buffers.ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        // The names seen so far in each object still open; most messages nest a few objects of a few fields.
        var open = new Stack<List<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push([]);
                        break;
                    case JsonTokenType.EndObject:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName when TryGetName(ref reader, out var name):
                        var names = open.Peek();
                        if (names.Contains(name, StringComparer.Ordinal))
                        {
                            return true;
                        }

                        names.Add(name);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    /// <summary>A property name as text; false for one with an unpaired surrogate (refused elsewhere).</summary>
    private static bool TryGetName(ref Utf8JsonReader reader, out string name)
    {
        try
        {
            name = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }

    /// <summary>
    /// <paramref name="node"/> as an element whose strings keep their escapes, so <see cref="TryGetString"/> can judge
    /// each one (writing a parsed node unescapes every string, and throws on one that is no text). Every property name
    /// must read (<see cref="FindUnreadable"/>).
    /// </summary>
    public static JsonElement ReadRaw(JsonNode node)
    {
        var json = WaiaasJsonContext.Write(writer => WriteRaw(writer, node));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static void WriteRaw(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject fields:
                writer.WriteStartObject();
                foreach (var (name, value) in fields)
                {
                    writer.WritePropertyName(name);
                    WriteRaw(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteRaw(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element):
                writer.WriteRawValue(element.GetRawText());
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string ReplaceUnpairedSurrogates(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}

/// <summary>Where <see cref="JsonText.FindUnreadable"/> found a string that is not text.</summary>
internal readonly record struct UnreadableString(string Path, bool IsName);
