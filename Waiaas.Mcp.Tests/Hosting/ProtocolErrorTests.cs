using System.Text.Json;
using Waiaas.Mcp.Tests.Support;

namespace Waiaas.Mcp.Tests.Hosting;

/// <summary>
/// Error codes by the book, in both eras: a request that cannot be served is a JSON-RPC error naming the problem; a
/// problem the model can fix by changing a tool's arguments stays an isError result (MCP 2025-11-25).
/// </summary>
public sealed class ProtocolErrorTests
{
    public enum Era
    {
        /// <summary>A 2025-11-25 session, after the initialize handshake.</summary>
        Handshake,

        /// <summary>A 2026-07-28 session: no handshake, per-request <c>_meta</c>.</summary>
        Stateless,
    }

    [Theory]
    [InlineData(Era.Handshake, "tools/call", """{"arguments":{}}""", "Invalid params for tools/call: 'name' is required (a string).")]
    [InlineData(Era.Handshake, "tools/call", "{}", "Invalid params for tools/call: 'name' is required (a string).")]
    [InlineData(Era.Handshake, "tools/call", """{"name":7}""", "Invalid params for tools/call: 'name' must be a string, got a number.")]
    [InlineData(Era.Handshake, "tools/call", """{"name":"connect_info","arguments":"x"}""", "Invalid params for tools/call: 'arguments' must be an object, got a string.")]
    [InlineData(Era.Handshake, "tools/call", "\"x\"", "Invalid params for tools/call: params must be an object, got a string.")]
    [InlineData(Era.Handshake, "tools/list", "[1]", "Invalid params for tools/list: params must be an object, got an array.")]
    [InlineData(Era.Handshake, "tools/list", """{"cursor":5}""", "Invalid params for tools/list: 'cursor' has a value of the wrong type or is missing a field.")]
    [InlineData(Era.Handshake, "resources/read", "{}", "Invalid params for resources/read: 'uri' is required (a string).")]
    [InlineData(Era.Stateless, "tools/call", """{"arguments":{}}""", "Invalid params for tools/call: 'name' is required (a string).")]
    [InlineData(Era.Stateless, "tools/call", """{"name":"connect_info","arguments":[1]}""", "Invalid params for tools/call: 'arguments' must be an object, got an array.")]
    [InlineData(Era.Stateless, "resources/read", """{"uri":null}""", "Invalid params for resources/read: 'uri' is required (a string).")]
    public async Task Request_MalformedParams_InvalidParamsNamingTheProblem(Era era, string method, string parameters, string message)
    {
        await using var server = await StartAsync(era);

        var error = await ErrorOf(server, era, method, parameters);

        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}""", "Invalid params for initialize: 'protocolVersion' is required (a string).")]
    [InlineData("""{"protocolVersion":null,"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}""", "Invalid params for initialize: 'protocolVersion' is required (a string).")]
    [InlineData("""{"protocolVersion":20251125,"capabilities":{},"clientInfo":{"name":"raw","version":"1"}}""", "Invalid params for initialize: 'protocolVersion' must be a string, got a number.")]
    [InlineData("""{"protocolVersion":"2025-11-25","capabilities":{}}""", "Invalid params for initialize: 'clientInfo' is required (an object).")]
    [InlineData("""{"protocolVersion":"2025-11-25","clientInfo":{"name":"raw","version":"1"}}""", "Invalid params for initialize: 'capabilities' is required (an object).")]
    [InlineData("""{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"version":"1"}}""", "Invalid params for initialize: 'clientInfo' has a value of the wrong type or is missing a field.")]
    public async Task Initialize_MalformedParams_InvalidParamsNamingTheProblem(string parameters, string message)
    {
        await using var server = RawServer.Start();

        var error = (await server.RequestAsync("init", "initialize", parameters)).GetProperty("error");

        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(Era.Handshake)]
    [InlineData(Era.Stateless)]
    public async Task CallTool_UnknownTool_InvalidParamsNamingTheTool(Era era)
    {
        await using var server = await StartAsync(era);

        var error = await ErrorOf(server, era, "tools/call", """{"name":"no_such_tool","arguments":{}}""");

        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("'no_such_tool'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Era.Handshake)]
    [InlineData(Era.Stateless)]
    public async Task CallTool_ArgumentOfTheWrongType_StaysAnIsErrorResultTheModelCanCorrect(Era era)
    {
        await using var server = await StartAsync(era);

        var answer = await Send(server, era, 1, "tools/call", """{"name":"get_transaction","arguments":{"transaction_id":42}}""");

        var reply = ToolReply.From(answer);
        Assert.True(reply.IsError);
        Assert.Contains("'transaction_id' must be a string", reply.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Era.Handshake, "resources/subscribe")]
    [InlineData(Era.Handshake, "resources/unsubscribe")]
    [InlineData(Era.Stateless, "resources/subscribe")]
    [InlineData(Era.Stateless, "resources/unsubscribe")]
    public async Task ResourceSubscriptions_NotAdvertised_MethodNotFound(Era era, string method)
    {
        await using var server = await StartAsync(era);

        var error = await ErrorOf(server, era, method, """{"uri":"waiaas://wallet/balance"}""");

        Assert.Equal(-32601, error.GetProperty("code").GetInt32());
        var resources = (await CapabilitiesAsync(server, era)).GetProperty("resources");
        Assert.False(resources.TryGetProperty("subscribe", out var subscribe) && subscribe.ValueKind == JsonValueKind.True, $"advertised: {resources}");
    }

    [Theory]
    [InlineData("ping", "")]
    [InlineData("initialize", "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}")]
    [InlineData("logging/setLevel", "\"level\":\"info\"")]
    public async Task StatelessSession_MethodOfTheHandshakeEra_MethodNotFound(string method, string parameters)
    {
        await using var server = await StartAsync(Era.Stateless);
        await server.SendAsync(RawServer.StatelessRequest("first", "tools/list"));
        await server.ResponseAsync("first");

        await server.SendAsync(RawServer.StatelessRequest("request", method, parameters));
        var error = (await server.ResponseAsync("request")).GetProperty("error");

        Assert.Equal(-32601, error.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("{}", "io.modelcontextprotocol/protocolVersion")]
    [InlineData("""{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}""", "io.modelcontextprotocol/clientCapabilities")]
    public async Task StatelessSession_RequestMissingAMetaField_InvalidParamsNamingTheMissingField(string parameters, string missing)
    {
        await using var server = await StartAsync(Era.Stateless);
        await server.SendAsync(RawServer.StatelessRequest("first", "tools/list"));
        await server.ResponseAsync("first");

        var error = (await server.RequestAsync("request", "resources/list", parameters)).GetProperty("error");

        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains(missing, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Era.Handshake, "waiaas://nope", -32002)]
    [InlineData(Era.Handshake, "waiaas://skills/nope", -32002)]
    [InlineData(Era.Stateless, "waiaas://nope", -32602)]
    [InlineData(Era.Stateless, "waiaas://skills/nope", -32602)]
    public async Task ReadResource_UnknownUri_TheCodeOfTheEra(Era era, string uri, int code)
    {
        await using var server = await StartAsync(era);

        var error = await ErrorOf(server, era, "resources/read", $$"""{"uri":"{{uri}}"}""");

        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(uri[(uri.LastIndexOf('/') + 1)..], error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<RawServer> StartAsync(Era era)
    {
        var server = RawServer.Start();
        if (era == Era.Handshake)
        {
            await server.SendAsync(RawServer.Initialize, JsonRpcLines.Initialized);
            await server.ResponseAsync("init");
        }

        return server;
    }

    /// <summary>What the server advertised to the session: at initialize, or in answer to server/discover.</summary>
    private static async Task<JsonElement> CapabilitiesAsync(RawServer server, Era era) => era == Era.Handshake
        ? (await server.ResponseAsync("init")).GetProperty("result").GetProperty("capabilities")
        : (await Send(server, era, "discover", "server/discover", "{}")).GetProperty("result").GetProperty("capabilities");

    /// <summary>Sends a request in the era's form: a stateless request carries its <c>_meta</c> inside its params object.</summary>
    private static async Task<JsonElement> Send(RawServer server, Era era, object id, string method, string parameters)
    {
        var isObject = parameters.StartsWith('{');
        await server.SendAsync(era == Era.Stateless && isObject
            ? RawServer.StatelessRequest(id, method, parameters[1..^1])
            : JsonRpcLines.Request(id, method, parameters));
        return await server.ResponseAsync(id);
    }

    private static async Task<JsonElement> ErrorOf(RawServer server, Era era, string method, string parameters)
    {
        var answer = await Send(server, era, "request", method, parameters);
        Assert.True(answer.TryGetProperty("error", out var error), $"not an error: {answer}");
        return error;
    }
}
