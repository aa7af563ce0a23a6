using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>
/// Metadata and generation keep their exact JSON: number text (integers stay integers), empty strings and
/// containers (also inside lists, keeping positions), booleans and nulls. What DynamoDB cannot hold is refused
/// with ArgumentException before anything is written.
/// </summary>
public sealed class JsonFidelityTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    private const string Document = """
        {
          "tenth": 0.1,
          "oneAndHalf": 1.5,
          "integer": 120,
          "zero": 0,
          "big": 12345678901234567890123,
          "negativeBig": -98765432109876543210987,
          "exponent": 1E+2,
          "negative": -42.25,
          "tiny": 1E-130,
          "huge": 9.99E+125,
          "digits38": 12345678901234567890123456789012345678,
          "nested": {"list": [1, [2, [3.5, {"deep": [true, false, null]}]]], "obj": {"k": "v"}},
          "emptyString": "",
          "emptyObject": {},
          "emptyArray": [],
          "mixedList": ["", [], {}, "x"],
          "listOfNulls": [null, 1, null],
          "yes": true,
          "no": false,
          "nothing": {"inner": null},
          "unicode": "é 日本 🙂",
          "strings": ["a", "a", "b"],
          "numbers": [1, 1, 2]
        }
        """;

    private static void AssertSameJson(JsonObject? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal("0.1", actual["tenth"]!.ToJsonString());
        Assert.Equal("1.5", actual["oneAndHalf"]!.ToJsonString());
        Assert.Equal("120", actual["integer"]!.ToJsonString());
        Assert.Equal("0", actual["zero"]!.ToJsonString());
        Assert.Equal("12345678901234567890123", actual["big"]!.ToJsonString());
        Assert.Equal("-98765432109876543210987", actual["negativeBig"]!.ToJsonString());
        Assert.Contains(actual["exponent"]!.ToJsonString(), new[] { "100", "1E+2" }); // DynamoDB normalises 1E+2 to 100
        Assert.Equal(100m, actual["exponent"]!.GetValue<decimal>());
        Assert.Equal("-42.25", actual["negative"]!.ToJsonString());
        Assert.Equal(1E-130, actual["tiny"]!.GetValue<double>());
        Assert.Equal(9.99E+125, actual["huge"]!.GetValue<double>());
        Assert.Equal("12345678901234567890123456789012345678", actual["digits38"]!.ToJsonString());
        Assert.Equal("""{"list":[1,[2,[3.5,{"deep":[true,false,null]}]]],"obj":{"k":"v"}}""", actual["nested"]!.ToJsonString());
        Assert.Equal("\"\"", actual["emptyString"]!.ToJsonString());
        Assert.Equal("{}", actual["emptyObject"]!.ToJsonString());
        Assert.Equal("[]", actual["emptyArray"]!.ToJsonString());
        Assert.Equal("""["",[],{},"x"]""", actual["mixedList"]!.ToJsonString());
        Assert.Equal("[null,1,null]", actual["listOfNulls"]!.ToJsonString());
        Assert.True(actual["yes"]!.GetValue<bool>());
        Assert.False(actual["no"]!.GetValue<bool>());
        Assert.Equal("""{"inner":null}""", actual["nothing"]!.ToJsonString());
        Assert.Equal("é 日本 🙂", actual["unicode"]!.GetValue<string>());
        Assert.Equal("""["a","a","b"]""", actual["strings"]!.ToJsonString());
        Assert.Equal("[1,1,2]", actual["numbers"]!.ToJsonString());
        Assert.Equal(JsonNode.Parse(Document)!.AsObject().Count, actual.Count);
    }

    [Fact]
    public async Task ThreadMetadata_KeepsExactJson()
    {
        var threadId = NewId("t-");

        await Layer.UpdateThreadAsync(threadId, metadata: JsonNode.Parse(Document)!.AsObject(), cancellationToken: Ct);

        AssertSameJson((await Layer.GetThreadAsync(threadId, Ct))!.Metadata);
    }

    [Fact]
    public async Task ThreadMetadata_MergedIntoExistingMap_KeepsExactJson()
    {
        var threadId = NewId("t-");
        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["first"] = 1 }, cancellationToken: Ct);

        await Layer.UpdateThreadAsync(threadId, metadata: JsonNode.Parse(Document)!.AsObject(), cancellationToken: Ct);

        var metadata = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata!;
        Assert.Equal("1", metadata["first"]!.ToJsonString());
        metadata.Remove("first");
        AssertSameJson(metadata);
    }

    [Fact]
    public async Task StepMetadataAndGeneration_KeepExactJson()
    {
        var threadId = NewId("t-");

        await Layer.CreateStepAsync(new Step
        {
            Id = "s",
            ThreadId = threadId,
            Metadata = JsonNode.Parse(Document)!.AsObject(),
            Generation = JsonNode.Parse(Document)!.AsObject(),
        }, Ct);

        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        AssertSameJson(step.Metadata);
        AssertSameJson(step.Generation);
    }

    [Fact]
    public async Task UserMetadata_KeepsExactJson()
    {
        var identifier = NewId("user-");

        var created = await Layer.CreateUserAsync(new User { Identifier = identifier, Metadata = JsonNode.Parse(Document)!.AsObject() }, Ct);

        AssertSameJson(created.Metadata);
        AssertSameJson((await Layer.GetUserAsync(identifier, Ct))!.Metadata);
    }

    [Fact]
    public async Task ElementProps_KeepExactJson()
    {
        var threadId = NewId("t-");

        await Layer.CreateElementAsync(new Element
        {
            Id = "e",
            ThreadId = threadId,
            Type = ElementTypes.Custom,
            Props = JsonNode.Parse(Document)!.AsObject(),
        }, cancellationToken: Ct);

        AssertSameJson((await Layer.GetElementAsync(threadId, "e", Ct))!.Props);
    }

    [Fact]
    public async Task NumbersBuiltFromClrValues_RoundTrip()
    {
        var threadId = NewId("t-");
        var metadata = new JsonObject
        {
            ["int"] = 120,
            ["long"] = long.MaxValue,
            ["decimal"] = 0.1m,
            ["double"] = 1.5,
            ["negative"] = -7,
        };

        await Layer.UpdateThreadAsync(threadId, metadata: metadata, cancellationToken: Ct);

        var stored = (await Layer.GetThreadAsync(threadId, Ct))!.Metadata!;
        Assert.Equal("120", stored["int"]!.ToJsonString());
        Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), stored["long"]!.ToJsonString());
        Assert.Equal("0.1", stored["decimal"]!.ToJsonString());
        Assert.Equal("1.5", stored["double"]!.ToJsonString());
        Assert.Equal("-7", stored["negative"]!.ToJsonString());
    }

    public static TheoryData<string> UnstorableNumbers() => new()
    {
        "123456789012345678901234567890123456789", // 39 significant digits
        "1.23456789012345678901234567890123456789",
        "1E+126",
        "-1E+126",
        "1E-131",
        "0.1E-130",
        "1E+99999999999999999999",
    };

    [Theory]
    [MemberData(nameof(UnstorableNumbers))]
    public async Task UnstorableNumberInThreadMetadata_ThrowsArgumentExceptionAndWritesNothing(string number)
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpdateThreadAsync(threadId, name: "n", metadata: JsonNode.Parse($$"""{"ok": 1, "bad": {{number}}}""")!.AsObject(), cancellationToken: Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Theory]
    [MemberData(nameof(UnstorableNumbers))]
    public async Task UnstorableNumberInStepGeneration_ThrowsArgumentExceptionAndWritesNothing(string number)
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.CreateStepAsync(new Step
        {
            Id = "s",
            ThreadId = threadId,
            Output = "x",
            Generation = JsonNode.Parse($$"""{"list": [1, {{number}}]}""")!.AsObject(),
        }, Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task UnstorableNumberInAStepUpdate_LeavesTheStoredStepUnchanged()
    {
        var threadId = NewId("t-");
        var step = await CreateStepAsync(threadId, output: "before", metadata: new JsonObject { ["k"] = 1 });

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Layer.UpdateStepAsync(new Step
        {
            Id = step.Id,
            ThreadId = threadId,
            Output = "after",
            Metadata = JsonNode.Parse("""{"k": 1E+126}""")!.AsObject(),
        }, Ct));

        var stored = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal("before", stored.Output);
        Assert.Equal("""{"k":1}""", stored.Metadata?.ToJsonString());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task NonFiniteNumber_ThrowsArgumentExceptionAndWritesNothing(double value)
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["x"] = JsonValue.Create(value) }, cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId, Metadata = new JsonObject { ["x"] = new JsonArray(JsonValue.Create(value)) } }, Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task NonFiniteFloat_ThrowsArgumentException()
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["x"] = JsonValue.Create(float.NaN) }, cancellationToken: Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    private static JsonObject Nested(int levels)
    {
        JsonNode node = "leaf";
        for (var i = 0; i < levels; i++)
        {
            node = i % 2 == 0 ? new JsonObject { ["n"] = node } : new JsonArray(node);
        }

        return new JsonObject { ["deep"] = node };
    }

    [Fact]
    public async Task NestingDeeperThan32_ThrowsArgumentExceptionAndWritesNothing()
    {
        var threadId = NewId("t-");

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.UpdateThreadAsync(threadId, metadata: Nested(40), cancellationToken: Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId, Generation = Nested(40) }, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Layer.CreateUserAsync(new User { Identifier = NewId("user-"), Metadata = Nested(40) }, Ct));

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task ModeratelyNestedJson_RoundTrips()
    {
        var threadId = NewId("t-");
        var metadata = Nested(20);

        await Layer.UpdateThreadAsync(threadId, metadata: metadata, cancellationToken: Ct);

        Assert.Equal(metadata.ToJsonString(), (await Layer.GetThreadAsync(threadId, Ct))!.Metadata!.ToJsonString());
    }
}
