using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Serialization;
using Xunit;

namespace Chat.DataLayer.Tests.Serialization;

public sealed class JsonAttributeConverterTests
{
    [Theory]
    [InlineData("12345678901234567890123")]
    [InlineData("0.1")]
    [InlineData("-0.000001")]
    [InlineData("1.5")]
    [InlineData("120")]
    [InlineData("1E+2")]
    [InlineData("99999999999999999999999999999999999999")]
    public void ToAttributeValue_ParsedNumber_KeepsTheExactText(string text)
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonNode.Parse(text), "n");

        Assert.Equal(text, value.N);
    }

    [Fact]
    public void ToAttributeValue_ClrDouble_IsWrittenAsItsShortestText()
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonValue.Create(0.1), "n");

        Assert.Equal("0.1", value.N);
    }

    [Fact]
    public void ToAttributeValue_ClrLong_IsWrittenExactly()
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonValue.Create(9223372036854775807L), "n");

        Assert.Equal("9223372036854775807", value.N);
    }

    [Fact]
    public void RoundTrip_23DigitIntegerAndDecimal_ComeBackWithTheSameText()
    {
        var json = """{"big":12345678901234567890123,"tenth":0.1,"int":120}""";

        var back = JsonAttributeConverter.ToJsonNode(JsonAttributeConverter.ToAttributeValue(JsonNode.Parse(json), "m"));

        Assert.Equal(json, back!.ToJsonString());
    }

    [Fact]
    public void ToAttributeValue_EmptyValuesInsideAList_KeepTheirPositions()
    {
        var node = JsonNode.Parse("""["a","",[],{},null,"z"]""");

        var value = JsonAttributeConverter.ToAttributeValue(node, "l");

        Assert.NotNull(value.L);
        Assert.Equal(6, value.L.Count);
        Assert.Equal("a", value.L[0].S);
        Assert.Equal("", value.L[1].S);
        Assert.NotNull(value.L[2].L);
        Assert.Empty(value.L[2].L);
        Assert.NotNull(value.L[3].M);
        Assert.Empty(value.L[3].M);
        Assert.True(value.L[4].NULL);
        Assert.Equal("z", value.L[5].S);
    }

    [Fact]
    public void RoundTrip_EmptyValuesInsideAList_ComeBackInPlace()
    {
        const string json = """["a","",[],{},null,"z"]""";

        var back = JsonAttributeConverter.ToJsonNode(JsonAttributeConverter.ToAttributeValue(JsonNode.Parse(json), "l"));

        Assert.Equal(json, back!.ToJsonString());
    }

    [Fact]
    public void ToAttributeValue_JsonNull_IsTheNullAttribute()
    {
        var value = JsonAttributeConverter.ToAttributeValue(null, "x");

        Assert.True(value.NULL);
    }

    [Fact]
    public void ToAttributeValue_NullMemberOfAnObject_IsTheNullAttribute()
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonNode.Parse("""{"nothing":null}"""), "m");

        Assert.True(value.M["nothing"].NULL);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ToAttributeValue_Boolean_IsBool(bool flag)
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonValue.Create(flag), "b");

        Assert.Equal(flag, value.BOOL);
        Assert.Null(value.N);
        Assert.Null(value.S);
    }

    [Fact]
    public void ToAttributeValue_NestedObjectsAndLists_MapToMAndL()
    {
        var value = JsonAttributeConverter.ToAttributeValue(
            JsonNode.Parse("""{"nested":{"a":[1,2,"x"],"b":{"c":true}}}"""), "m");

        var nested = value.M["nested"].M;
        Assert.Equal(["1", "2", null], nested["a"].L.Select(v => v.N));
        Assert.Equal("x", nested["a"].L[2].S);
        Assert.True(nested["b"].M["c"].BOOL);
    }

    [Fact]
    public void ToAttributeValue_ListsOfStringsAndNumbers_NeverBecomeSets()
    {
        var value = JsonAttributeConverter.ToAttributeValue(
            JsonNode.Parse("""{"s":["a","b"],"n":[1,2],"mixed":[["x"],[3]]}"""), "m");

        AssertNoSets(value);
        Assert.NotNull(value.M["s"].L);
        Assert.NotNull(value.M["n"].L);
    }

    [Fact]
    public void ToAttributeValue_NestingOf32Levels_IsAccepted()
    {
        var value = JsonAttributeConverter.ToAttributeValue(Nest(32), "deep");

        Assert.NotNull(value.M);
    }

    [Fact]
    public void ToAttributeValue_NestingOf33Levels_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => JsonAttributeConverter.ToAttributeValue(Nest(33), "deep"));

        Assert.Contains("32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToAttributeValue_ListsCountAsLevelsToo()
    {
        JsonNode node = new JsonArray();
        for (var i = 1; i < 33; i++)
        {
            node = new JsonArray(node);
        }

        Assert.Throws<ArgumentException>(() => JsonAttributeConverter.ToAttributeValue(node, "deep"));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ToAttributeValue_NonFiniteDouble_ThrowsArgumentException(double value)
    {
        Assert.Throws<ArgumentException>(() => JsonAttributeConverter.ToAttributeValue(JsonValue.Create(value), "n"));
    }

    [Fact]
    public void ToAttributeValue_NonFiniteFloatInsideAnObject_ThrowsArgumentExceptionNamingThePath()
    {
        var obj = new JsonObject { ["inner"] = new JsonObject { ["x"] = JsonValue.Create(float.NaN) } };

        var error = Assert.Throws<ArgumentException>(() => JsonAttributeConverter.ToAttributeValue(obj, "step.metadata"));

        Assert.Contains("step.metadata.inner.x", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("123456789012345678901234567890123456789")] // 39 significant digits
    [InlineData("1E126")]
    [InlineData("1E-131")]
    [InlineData("-1E126")]
    [InlineData("1.00000000000000000000000000000000000001")] // 39 significant digits
    public void ToAttributeValue_NumberOutsideDynamoDbRange_ThrowsArgumentException(string text)
    {
        Assert.Throws<ArgumentException>(() => JsonAttributeConverter.ToAttributeValue(JsonNode.Parse(text), "n"));
    }

    [Theory]
    [InlineData("9.99E+125")]
    [InlineData("1E-130")]
    [InlineData("-9.99E+125")]
    [InlineData("12345678901234567890123456789012345678")] // 38 significant digits
    [InlineData("0.12345678901234567890123456789012345678")]
    public void ToAttributeValue_NumberAtDynamoDbBoundary_IsAccepted(string text)
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonNode.Parse(text), "n");

        Assert.Equal(text, value.N);
    }

    [Theory]
    [InlineData("3.5E38")] // just above float.MaxValue
    [InlineData("1E39")]
    [InlineData("-1E100")]
    [InlineData("1E125")]
    public void ToAttributeValue_ParsedNumberBeyondFloatRange_IsAcceptedNotMistakenForInfinity(string text)
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonNode.Parse($$"""{"n":{{text}}}"""), "m");

        Assert.Equal(text, value.M["n"].N);
    }

    [Fact]
    public void ToAttributeValue_ClrDoubleBeyondFloatRange_IsAccepted()
    {
        var value = JsonAttributeConverter.ToAttributeValue(JsonValue.Create(1e39), "n");

        Assert.Equal("1E+39", value.N);
    }

    [Fact]
    public void ToJsonNode_StringSetFromAForeignItem_IsAnArray()
    {
        var node = JsonAttributeConverter.ToJsonNode(new AttributeValue { SS = ["a", "b"] });

        Assert.Equal("""["a","b"]""", node!.ToJsonString());
    }

    [Fact]
    public void ToJsonNode_NumberSetFromAForeignItem_IsAnArrayOfExactNumbers()
    {
        var node = JsonAttributeConverter.ToJsonNode(new AttributeValue { NS = ["1", "12345678901234567890123", "0.5"] });

        Assert.Equal("[1,12345678901234567890123,0.5]", node!.ToJsonString());
    }

    [Fact]
    public void ToJsonNode_NullAttribute_IsJsonNull()
    {
        Assert.Null(JsonAttributeConverter.ToJsonNode(new AttributeValue { NULL = true }));
    }

    [Fact]
    public void ToJsonObject_MapWithEveryKind_ComesBackAsTheSameJson()
    {
        var map = new Dictionary<string, AttributeValue>
        {
            ["s"] = new() { S = "" },
            ["n"] = new() { N = "1.5" },
            ["b"] = new() { BOOL = false },
            ["z"] = new() { NULL = true },
            ["l"] = new() { L = [new() { N = "1" }, new() { S = "x" }] },
            ["m"] = new() { M = new Dictionary<string, AttributeValue> { ["k"] = new() { BOOL = true } } },
            ["el"] = new() { L = [] },
            ["em"] = new() { M = [] },
        };

        var obj = JsonAttributeConverter.ToJsonObject(map);

        Assert.Equal("""{"s":"","n":1.5,"b":false,"z":null,"l":[1,"x"],"m":{"k":true},"el":[],"em":{}}""", obj.ToJsonString());
    }

    private static JsonObject Nest(int levels)
    {
        var node = new JsonObject();
        for (var i = 1; i < levels; i++)
        {
            node = new JsonObject { ["d"] = node };
        }

        return node;
    }

    private static void AssertNoSets(AttributeValue value)
    {
        Assert.Null(value.SS);
        Assert.Null(value.NS);
        Assert.Null(value.BS);
        foreach (var child in value.L ?? [])
        {
            AssertNoSets(child);
        }

        foreach (var child in value.M?.Values ?? (IEnumerable<AttributeValue>)[])
        {
            AssertNoSets(child);
        }
    }
}
