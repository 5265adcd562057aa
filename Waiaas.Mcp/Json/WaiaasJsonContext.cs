using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Waiaas.Mcp.Daemon;
using Waiaas.Mcp.Diagnostics;
using Waiaas.Mcp.Resources;
using Waiaas.Mcp.Results;

namespace Waiaas.Mcp.Json;

/// <summary>
/// The one source-generated context for every type this project serializes. Reflection-based JSON is off
/// (JsonSerializerIsReflectionEnabledByDefault=false), so a type missing here fails tests, not production.
/// Daemon bodies are never bound to types: they pass through as JsonDocument/JsonElement.
/// Use <see cref="Relaxed"/>: the texts are read by a model, not embedded in HTML, so quotes, apostrophes
/// and non-ASCII stay literal instead of becoming \u0027 sequences the model would read verbatim.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GuidancePayload))]
[JsonSerializable(typeof(SystemStatusPayload))]
[JsonSerializable(typeof(DoctorReport))]
internal sealed partial class WaiaasJsonContext : JsonSerializerContext
{
    public static JavaScriptEncoder Encoder => RelaxedJsonEncoder.Instance;

    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = Encoder };

    /// <summary>Compact UTF-8 JSON written by <paramref name="write"/> with the relaxed encoder.</summary>
    public static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> write, int initialCapacity = 256)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(initialCapacity);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }

    public static WaiaasJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        Encoder = Encoder,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    });
}
