using System.Text.Json.Serialization;

namespace Waiaas.Mcp.Tests.Support;

/// <summary>Source-generated contracts for what tests serialize (reflection JSON is off in tests too).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class TestJson : JsonSerializerContext;
