using System.Text.Json.Serialization;

namespace Waiaas.Mcp.Diagnostics;

/// <summary>How one doctor check ended. Only <see cref="Fail"/> means the server would not work.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
internal enum CheckStatus
{
    [JsonStringEnumMemberName("pass")]
    Pass,

    /// <summary>Works, but something deserves attention (shared token file, clock skew).</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,

    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>Not checked because an earlier check failed (no daemon, no token).</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,
}
