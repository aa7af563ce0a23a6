using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Serialization;
using Xunit;

namespace Chat.DataLayer.Tests.Serialization;

/// <summary>
/// The read path parses a map's numbers together (<see cref="JsonNumbers"/>) and sizes objects once
/// (<see cref="PropertyBuffer"/>): every number must come back exactly as parsing its text alone would give it.
/// </summary>
public sealed class JsonNumbersTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("0.5")]
    [InlineData("10.25")]
    [InlineData("1e5")]
    [InlineData("1E+5")]
    [InlineData("1E-5")]
    [InlineData("-1.5e-130")]
    [InlineData("12345678901234567890123")]
    [InlineData("99999999999999999999999999999999999999")]
    [InlineData("1E99999999999999999999999")]
    public void IsJsonNumber_JsonNumberText_IsTrue(string text)
    {
        Assert.True(DynamoDbNumber.IsJsonNumber(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("01")]
    [InlineData("-01")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("+1")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.e5")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1\n")]
    [InlineData("1,2")]
    [InlineData("[1]")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x10")]
    [InlineData("１")] // a full-width digit is not an ASCII digit
    public void IsJsonNumber_AnythingElse_IsFalse(string text)
    {
        Assert.False(DynamoDbNumber.IsJsonNumber(text));
    }

    [Theory]
    [InlineData("12345678901234567890123")]
    [InlineData("0.1")]
    [InlineData("-0")]
    [InlineData("-0.000001")]
    [InlineData("1E+2")]
    [InlineData("1e-130")]
    [InlineData("9.9999999999999999999999999999999999999E+125")]
    public void ToJsonObject_Number_HasItsExactTextAndReadsAsParsedAlone(string text)
    {
        var obj = JsonAttributeConverter.ToJsonObject(new Dictionary<string, AttributeValue> { ["n"] = new() { N = text } });

        var value = Assert.IsAssignableFrom<JsonValue>(obj["n"]);
        var alone = JsonNode.Parse(text)!.AsValue();
        Assert.Equal(text, value.ToJsonString());
        Assert.Equal(JsonValueKind.Number, value.GetValueKind());
        Assert.True(value.TryGetValue<JsonElement>(out var element));
        Assert.Equal(text, element.GetRawText());
        Assert.Equal(alone.GetType(), value.GetType());
        Assert.Equal(alone.TryGetValue<decimal>(out var a), value.TryGetValue<decimal>(out var b));
        Assert.Equal(a, b);
        Assert.Equal(alone.GetValue<double>(), value.GetValue<double>());
        Assert.True(JsonNode.DeepEquals(alone, value));
    }

    [Fact]
    public void ToJsonObject_NumbersAmongOtherValuesAndNesting_EachKeepsItsPlace()
    {
        var map = new Dictionary<string, AttributeValue>
        {
            ["a"] = new() { N = "1" },
            ["s"] = new() { S = "2" },
            ["l"] = new() { L = [new() { N = "3" }, new() { S = "" }, new() { NULL = true }, new() { M = new() { ["x"] = new() { N = "4.50" } } }, new() { N = "5" }] },
            ["b"] = new() { BOOL = true },
            ["m"] = new() { M = new() { ["deep"] = new() { L = [new() { L = [new() { N = "-6e7" }] }] }, ["n"] = new() { N = "7" } } },
            ["ns"] = new() { NS = ["8", "12345678901234567890123"] },
            ["z"] = new() { N = "9" },
        };

        var obj = JsonAttributeConverter.ToJsonObject(map);

        Assert.Equal(
            """{"a":1,"s":"2","l":[3,"",null,{"x":4.50},5],"b":true,"m":{"deep":[[-6e7]],"n":7},"ns":[8,12345678901234567890123],"z":9}""",
            obj.ToJsonString());
    }

    [Fact]
    public void ToJsonObject_MoreNumbersThanTheStackBuffer_AllExact()
    {
        // 300 numbers of 21+ characters: several kilobytes of text, past the 256-byte stack buffer.
        var map = new Dictionary<string, AttributeValue>();
        for (var i = 0; i < 300; i++)
        {
            map["k" + i] = new() { N = "12345678901234567890." + i.ToString(CultureInfo.InvariantCulture) };
        }

        var obj = JsonAttributeConverter.ToJsonObject(map);

        Assert.Equal(300, obj.Count);
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal("12345678901234567890." + i.ToString(CultureInfo.InvariantCulture), obj["k" + i]!.ToJsonString());
        }
    }

    [Fact]
    public void ToJsonObject_PropertyOrderAndCount_AreTheMapsAndTheObjectIsWritable()
    {
        var map = new Dictionary<string, AttributeValue>();
        for (var i = 0; i < 20; i++)
        {
            map["p" + i] = i % 2 == 0 ? new() { S = "v" + i } : new() { N = i.ToString(CultureInfo.InvariantCulture) };
        }

        var obj = JsonAttributeConverter.ToJsonObject(map);
        obj["added"] = "later";
        obj.Remove("p0");

        Assert.Equal([.. map.Keys.Skip(1), "added"], obj.Select(p => p.Key).ToArray());
        Assert.Equal("v2", obj["p2"]!.GetValue<string>());
        Assert.Equal(3, obj["p3"]!.GetValue<int>());
        Assert.Same(obj, obj["p3"]!.Parent);
    }

    [Fact]
    public void ToJsonObject_NumberTextDynamoDbNeverReturns_IsParsedAloneAsBefore()
    {
        // Not a strict JSON number: read as JsonNode.Parse reads it (white space allowed), without shifting the others.
        var map = new Dictionary<string, AttributeValue>
        {
            ["a"] = new() { N = "1" },
            ["odd"] = new() { N = " 2 " },
            ["b"] = new() { N = "3" },
        };

        var obj = JsonAttributeConverter.ToJsonObject(map);

        Assert.Equal("""{"a":1,"odd":2,"b":3}""", obj.ToJsonString());
    }

    [Fact]
    public void ToJsonObject_NumberTextThatIsNotJson_FailsAsParsingItAloneDoes()
    {
        var map = new Dictionary<string, AttributeValue> { ["a"] = new() { N = "1" }, ["bad"] = new() { N = "1,2" } };

        Assert.ThrowsAny<JsonException>(() => JsonAttributeConverter.ToJsonObject(map));
    }

    [Fact]
    public void ToJsonNode_ListOfNumbers_IsExact()
    {
        var node = JsonAttributeConverter.ToJsonNode(new AttributeValue { L = [new() { N = "0.10" }, new() { N = "1E+2" }] });

        Assert.Equal("[0.10,1E+2]", node!.ToJsonString());
    }

    [Fact]
    public void ToJsonObject_NestedObjects_EachHasItsOwnProperties()
    {
        var map = new Dictionary<string, AttributeValue>
        {
            ["outer"] = new() { M = new() { ["inner"] = new() { M = new() { ["x"] = new() { S = "1" } } }, ["y"] = new() { S = "2" } } },
            ["after"] = new() { M = new() { ["z"] = new() { BOOL = false } } },
        };

        var obj = JsonAttributeConverter.ToJsonObject(map);

        Assert.Equal("""{"outer":{"inner":{"x":"1"},"y":"2"},"after":{"z":false}}""", obj.ToJsonString());
    }
}
