using System.Text;
using Waiaas.Mcp.Diagnostics;

namespace Waiaas.Mcp.Tests.Diagnostics;

/// <summary>The OpenAPI matcher on small hand-written documents.</summary>
public sealed class DaemonApiTests
{
    private const string Document = """
        {
          "openapi": "3.0.0",
          "info": { "title": "t", "version": "9.9.9" },
          "components": { "schemas": {
            "Gas": { "type": "object", "properties": { "timeout": { "type": "integer" } } },
            "Transfer": { "type": "object", "required": ["type", "to"], "properties": {
              "type": { "type": "string", "enum": ["TRANSFER"] }, "to": { "type": "string" }, "gas": { "$ref": "#/components/schemas/Gas" } } },
            "Approve": { "type": "object", "required": ["type", "spender"], "properties": {
              "type": { "type": "string", "enum": ["APPROVE"] }, "spender": { "type": "string" },
              "standard": { "type": "string", "enum": ["ERC-721", "ERC-1155"] } } },
            "Legacy": { "type": "object", "required": ["to"], "properties": { "to": { "type": "string" }, "memo": { "type": "string" } } },
            "Base": { "type": "object", "properties": { "id": { "type": "string" } } }
          } },
          "paths": {
            "/v1/wallets/{id}/networks": { "get": { "parameters": [
              { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
              { "name": "limit", "in": "query", "schema": { "type": "integer" } },
              { "name": "dryRun", "in": "query", "schema": { "type": "string", "enum": ["true", "false"] } },
              { "name": "network", "in": "query", "required": true, "schema": { "type": "string" } } ] } },
            "/v1/transactions/{id}": { "get": {}, "delete": {} },
            "/v1/transactions/pending": { "get": {} },
            "/v1/send": { "post": { "requestBody": { "content": { "application/json": { "schema": {
              "type": "object", "oneOf": [
                { "$ref": "#/components/schemas/Transfer" }, { "$ref": "#/components/schemas/Approve" }, { "$ref": "#/components/schemas/Legacy" } ] } } } } } },
            "/v1/batch": { "post": { "requestBody": { "content": { "application/json": { "schema": {
              "type": "object", "properties": { "items": { "type": "array", "items": { "anyOf": [
                { "type": "object", "required": ["to"], "properties": { "to": { "type": "string" }, "amount": { "type": "string" } } },
                { "type": "object", "required": ["to", "calldata"], "properties": { "to": { "type": "string" }, "calldata": { "type": "string" } } } ] } },
                "chainId": { "anyOf": [ { "type": "number" }, { "type": "string" } ] },
                "params": { "type": "object", "additionalProperties": { "nullable": true } },
                "session": { "allOf": [ { "$ref": "#/components/schemas/Base" }, { "nullable": true } ] } } } } } } } },
            "/v1/merged": { "post": { "requestBody": { "content": { "application/json": { "schema": {
              "allOf": [ { "$ref": "#/components/schemas/Base" },
                { "type": "object", "required": ["count"], "properties": { "count": { "type": "integer", "minimum": 0 } } } ] } } } } } },
            "/v1/pair": { "post": {} }
          }
        }
        """;

    [Theory]
    [InlineData("GET", "/v1/wallets/{walletId}/networks", "/v1/wallets/{id}/networks")]
    [InlineData("GET", "/v1/wallets/w-1/networks", "/v1/wallets/{id}/networks")]
    [InlineData("GET", "/v1/wallets/a%2Fb/networks", "/v1/wallets/{id}/networks")]
    [InlineData("GET", "/v1/transactions/pending", "/v1/transactions/pending")]
    [InlineData("DELETE", "/v1/transactions/tx-1", "/v1/transactions/{id}")]
    [InlineData("get", "/v1/transactions/{transactionId}", "/v1/transactions/{id}")]
    public void FindOperation_TemplateOrConcretePath_FindsTheMostLiteralOperation(string method, string path, string template)
    {
        var operation = Parse().FindOperation(method, path);

        Assert.Equal(template, operation?.PathTemplate);
        Assert.Equal(method.ToUpperInvariant(), operation?.Method);
    }

    [Theory]
    [InlineData("GET", "/v1/wallets/w-1")]
    [InlineData("GET", "/v1/wallets//networks")]
    [InlineData("POST", "/v1/transactions/pending")]
    [InlineData("GET", "/v1/wallets/{id}/networks/extra")]
    public void FindOperation_NoSuchMethodAndPath_IsNull(string method, string path) =>
        Assert.Null(Parse().FindOperation(method, path));

    [Fact]
    public void Check_UnknownPathOrMethod_SaysWhich()
    {
        var api = Parse();

        Assert.Equal([(DaemonApiProblemKind.UnknownPath, "/v1/nowhere")], Kinds(api.Check("GET", "/v1/nowhere?x=1", [])));
        Assert.Equal([(DaemonApiProblemKind.UnknownMethod, "/v1/transactions/pending")], Kinds(api.Check("POST", "/v1/transactions/pending", [])));
    }

    [Fact]
    public void Operation_QueryQuestions_AnswerTheDeclaredNamesAndEnums()
    {
        var operation = Parse().FindOperation("GET", "/v1/wallets/{walletId}/networks")!;

        Assert.Equal(["limit", "dryRun", "network"], operation.QueryNames);
        Assert.True(operation.DeclaresQuery("limit"));
        Assert.False(operation.DeclaresQuery("id"));
        Assert.Equal(["true", "false"], operation.QueryEnumValues("dryRun"));
        Assert.Empty(operation.QueryEnumValues("limit"));
        Assert.False(operation.HasBody);
    }

    [Fact]
    public void Check_QueryProblems_UndeclaredWrongTypeNotInEnumAndMissingRequired()
    {
        var problems = Parse().Check("GET", "/v1/wallets/w-1/networks?limit=1.5&dryRun=yes&walletId=w-1", []);

        Assert.Equal(
            [
                (DaemonApiProblemKind.WrongType, "?limit"),
                (DaemonApiProblemKind.NotInEnum, "?dryRun"),
                (DaemonApiProblemKind.UndeclaredQuery, "?walletId"),
                (DaemonApiProblemKind.MissingRequired, "?network"),
            ],
            Kinds(problems));
        Assert.Equal("yes", problems[1].Value);
    }

    [Fact]
    public void Check_QueryValuesDeclared_NoProblem() =>
        Assert.Empty(Parse().Check("GET", "/v1/wallets/w-1/networks?limit=20&dryRun=true&network=base%2Dmainnet", []));

    [Fact]
    public void Check_OneOfWithDiscriminator_ChecksTheBranchTheTypeSelects()
    {
        var api = Parse();

        Assert.Empty(api.Check("POST", "/v1/send", Body("""{"type":"TRANSFER","to":"a","gas":{"timeout":60}}""")));
        Assert.Empty(api.Check("POST", "/v1/send", Body("""{"type":"APPROVE","spender":"s","standard":"ERC-721"}""")));
        Assert.Equal(
            [(DaemonApiProblemKind.UndeclaredField, "$.spender"), (DaemonApiProblemKind.WrongType, "$.gas.timeout")],
            Kinds(api.Check("POST", "/v1/send", Body("""{"type":"TRANSFER","to":"a","spender":"s","gas":{"timeout":60.5}}"""))));
        Assert.Equal(
            [(DaemonApiProblemKind.NotInEnum, "$.standard")],
            Kinds(api.Check("POST", "/v1/send", Body("""{"type":"APPROVE","spender":"s","standard":"erc721"}"""))));
    }

    [Fact]
    public void Check_DiscriminatorValueUnknown_NotInEnumOnTheDiscriminator()
    {
        var problem = Assert.Single(Parse().Check("POST", "/v1/send", Body("""{"type":"NFT_TRANSFER","to":"a"}""")));

        Assert.Equal((DaemonApiProblemKind.NotInEnum, "$.type", "NFT_TRANSFER"), (problem.Kind, problem.Where, problem.Value));
    }

    [Fact]
    public void Check_NoDiscriminatorValue_ChecksTheBranchesThatDoNotRequireIt()
    {
        // The legacy branch has no type: a token beside it is a field the daemon would drop.
        Assert.Equal(
            [(DaemonApiProblemKind.UndeclaredField, "$.token")],
            Kinds(Parse().Check("POST", "/v1/send", Body("""{"to":"a","memo":"m","token":{"address":"0x1"}}"""))));
    }

    [Fact]
    public void Check_FieldOnlyTheSelectedBranchRequires_IsMissingRequiredByBranch()
    {
        var problems = Parse().Check("POST", "/v1/send", Body("""{"type":"TRANSFER"}"""));

        var problem = Assert.Single(problems);
        Assert.Equal((DaemonApiProblemKind.MissingRequiredByBranch, "$.to"), (problem.Kind, problem.Where));
        Assert.Contains("type is TRANSFER", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AnyOfWithoutDiscriminator_PassesWhenSomeBranchAcceptsElseNeedsAFieldSomeBranchDeclares()
    {
        var api = Parse();

        Assert.Empty(api.Check("POST", "/v1/batch", Body("""{"items":[{"to":"a","amount":"1"},{"to":"b","calldata":"0x"}],"chainId":"1"}""")));
        Assert.Equal(
            [(DaemonApiProblemKind.UndeclaredField, "$.items[1].spender"), (DaemonApiProblemKind.MissingRequired, "$.items[1].to")],
            Kinds(api.Check("POST", "/v1/batch", Body("""{"items":[{"to":"a"},{"spender":"s"}]}"""))));
        Assert.Equal(
            [(DaemonApiProblemKind.WrongType, "$.chainId")],
            Kinds(api.Check("POST", "/v1/batch", Body("""{"chainId":true}"""))));
    }

    [Fact]
    public void Check_FreeMapAndNullableAllOf_AcceptAnyFieldAndNull() =>
        Assert.Empty(Parse().Check("POST", "/v1/batch", Body("""{"params":{"anything":[1,{"x":null}]},"session":null}""")));

    [Fact]
    public void Check_AllOf_EveryPartHoldsAndAFieldOfAnyPartIsDeclared()
    {
        var api = Parse();

        Assert.Empty(api.Check("POST", "/v1/merged", Body("""{"id":"x","count":3}""")));
        Assert.Equal(
            [(DaemonApiProblemKind.WrongType, "$.count"), (DaemonApiProblemKind.UndeclaredField, "$.other")],
            Kinds(api.Check("POST", "/v1/merged", Body("""{"count":"3","other":1}"""))));
        Assert.Equal([(DaemonApiProblemKind.MissingRequired, "$.count")], Kinds(api.Check("POST", "/v1/merged", [])));
    }

    [Fact]
    public void Operation_BodyQuestions_AnswerFieldNamesAtAnyDepthAndEnumValues()
    {
        var api = Parse();
        var send = api.FindOperation("POST", "/v1/send")!;
        var batch = api.FindOperation("POST", "/v1/batch")!;

        Assert.True(send.HasBody);
        Assert.Equal(["type", "to", "gas", "spender", "standard", "memo"], send.BodyFieldNames());
        Assert.Equal(["timeout"], send.BodyFieldNames("gas"));
        Assert.Equal(["TRANSFER", "APPROVE"], send.BodyEnumValues("type"));
        Assert.Equal(["ERC-721", "ERC-1155"], send.BodyEnumValues("standard"));
        Assert.Equal(["to", "amount", "calldata"], batch.BodyFieldNames("items"));
        Assert.Equal(["id", "count"], api.FindOperation("POST", "/v1/merged")!.BodyFieldNames());
    }

    [Fact]
    public void Check_BodyWhereNoneIsDeclaredOrNotJson_SaysSo()
    {
        var api = Parse();

        Assert.Empty(api.Check("POST", "/v1/pair", Body("{}")));
        Assert.Equal([(DaemonApiProblemKind.UndeclaredField, "$.walletId")], Kinds(api.Check("POST", "/v1/pair", Body("""{"walletId":"w"}"""))));
        Assert.Equal([(DaemonApiProblemKind.BodyNotJson, "$")], Kinds(api.Check("POST", "/v1/send", Body("""{"type":"""))));
    }

    [Fact]
    public void Check_Allowances_AddAQueryParameterAFieldAndABranch()
    {
        var api = DaemonApi.Parse(Encoding.UTF8.GetBytes(Document), [
            DaemonApiAllowance.Query("GET", "/v1/transactions/pending", "walletId", "test"),
            DaemonApiAllowance.BodyField("POST", "/v1/send", "walletId", """{"type":"string"}""", "test"),
            DaemonApiAllowance.BodyVariant("POST", "/v1/send", "", "DEPLOY",
                """{"type":"object","required":["type","bytecode"],"properties":{"type":{"enum":["DEPLOY"]},"bytecode":{"type":"string"}}}""", "test"),
        ]);

        Assert.Empty(api.Check("GET", "/v1/transactions/pending?walletId=w", []));
        Assert.Empty(api.Check("POST", "/v1/send", Body("""{"type":"TRANSFER","to":"a","walletId":"w"}""")));
        Assert.Empty(api.Check("POST", "/v1/send", Body("""{"type":"DEPLOY","bytecode":"0x","walletId":"w"}""")));
        Assert.Equal([(DaemonApiProblemKind.UndeclaredQuery, "?walletId")], Kinds(api.Check("GET", "/v1/transactions/tx-1?walletId=w", [])));
        Assert.Contains("walletId", api.FindOperation("POST", "/v1/send")!.BodyFieldNames());
        Assert.Contains("DEPLOY", api.FindOperation("POST", "/v1/send")!.BodyEnumValues("type"));
    }

    [Fact]
    public void Parse_NotAnOpenApiDocument_FormatException()
    {
        Assert.Throws<FormatException>(() => DaemonApi.Parse("""{"openapi":"3.0.0"}"""u8));
        Assert.Equal("9.9.9", Parse().Version);
    }

    private static DaemonApi Parse() => DaemonApi.Parse(Encoding.UTF8.GetBytes(Document));

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    private static List<(DaemonApiProblemKind, string)> Kinds(IReadOnlyList<DaemonApiProblem> problems) =>
        [.. problems.Select(p => (p.Kind, p.Where))];
}
