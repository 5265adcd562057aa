using System.Text.Json;

// Reads one JSON-RPC request line from stdin and answers it with one line on stdout: the start-up floor.
// It then waits for stdin to close, like a server, so the bench can read its peak RSS while it is alive.
var line = Console.In.ReadLine();
if (line is null)
{
    return 1;
}

using var request = JsonDocument.Parse(line);
using var buffer = new MemoryStream();
using (var writer = new Utf8JsonWriter(buffer))
{
    writer.WriteStartObject();
    writer.WriteString("jsonrpc", "2.0");
    writer.WritePropertyName("id");
    request.RootElement.GetProperty("id").WriteTo(writer);
    writer.WriteStartObject("result");
    writer.WriteString("protocolVersion", "2025-06-18");
    writer.WriteEndObject();
    writer.WriteEndObject();
}

using var stdout = Console.OpenStandardOutput();
buffer.WriteByte((byte)'\n');
stdout.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
stdout.Flush();
while (Console.In.ReadLine() is not null)
{
}

return 0;
