using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Internal;
using Xunit;

namespace Chat.DataLayer.Tests.Internal;

public sealed class ItemSizeTests
{
    [Fact]
    public void MaxItemBytes_IsDynamoDbs400KB()
    {
        Assert.Equal(409_600, ItemSize.MaxItemBytes);
    }

    [Fact]
    public void Of_ItemWith450KBString_ExceedsTheLimit()
    {
        var item = Item(("PK", S("THREAD#t")), ("SK", S("STEP#s")), ("output", S(new string('x', 450 * 1024))));

        Assert.True(ItemSize.Of(item) > ItemSize.MaxItemBytes);
    }

    [Fact]
    public void Of_ItemWith390KBString_Fits()
    {
        var item = Item(("PK", S("THREAD#t")), ("SK", S("STEP#s")), ("output", S(new string('x', 390 * 1024))));

        Assert.True(ItemSize.Of(item) <= ItemSize.MaxItemBytes);
    }

    [Fact]
    public void Of_Strings_CountUtf8BytesOfNameAndValue()
    {
        Assert.Equal(4 + 5, ItemSize.Of(Item(("name", S("hello")))));
        Assert.Equal(1 + 2, ItemSize.Of(Item(("n", S("é")))));
        Assert.Equal(1 + 4, ItemSize.Of(Item(("n", S("🚀")))));
        Assert.Equal(1, ItemSize.Of(Item(("n", S("")))));
    }

    [Fact]
    public void Of_UnicodeOutput_CountsBytesNotCharacters()
    {
        // 150,000 characters of 3 UTF-8 bytes each: 450,000 bytes, over the limit though under 400 K characters.
        var item = Item(("output", S(new string('你', 150_000))));

        Assert.True(ItemSize.Of(item) > ItemSize.MaxItemBytes);
    }

    [Fact]
    public void Of_BooleanAndNull_AreOneByte()
    {
        Assert.Equal(1, ItemSize.Of(new AttributeValue { BOOL = true }));
        Assert.Equal(1, ItemSize.Of(new AttributeValue { NULL = true }));
    }

    [Theory]
    [InlineData("1", 2)]
    [InlineData("12", 2)]
    [InlineData("123", 3)]
    [InlineData("12345678901234567890123456789012345678", 20)]
    [InlineData("-1.5", 2)]
    public void Of_Number_IsAboutOneBytePerTwoDigitsPlusOne(string number, long expected)
    {
        var size = ItemSize.Of(new AttributeValue { N = number });

        Assert.Equal(expected, size);
        Assert.InRange(size, 1, 21);
    }

    [Fact]
    public void Of_ListsAndMaps_Cost3BytesPlus1PerElement()
    {
        Assert.Equal(3, ItemSize.Of(new AttributeValue { L = [] }));
        Assert.Equal(3, ItemSize.Of(new AttributeValue { M = [] }));
        Assert.Equal(3 + (1 + 1) + (1 + 1), ItemSize.Of(new AttributeValue { L = [S("a"), new() { BOOL = true }] }));
        Assert.Equal(3 + (1 + 3 + 1), ItemSize.Of(new AttributeValue { M = new() { ["key"] = S("v") } }));
    }

    [Fact]
    public void Of_NestedMaps_AddUp()
    {
        var inner = new AttributeValue { M = new() { ["b"] = S("xy") } };
        var outer = new AttributeValue { M = new() { ["a"] = inner } };

        Assert.Equal(3 + 1 + 1 + (3 + 1 + 1 + 2), ItemSize.Of(outer));
    }

    private static AttributeValue S(string value) => new() { S = value };

    private static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => a.Value);
}
