using Chat.DataLayer.DynamoDb.Internal;
using Xunit;

namespace Chat.DataLayer.Tests.Internal;

public sealed class ObjectKeysTests
{
    private static readonly string[] Hostile =
    [
        "..", ".", "/", "../..", "a/../b", "%", "%2F", "%2E", "%2E%2E", "%25", "a b", " ", "\t", "\n", "\0", "\u007f",
        "zoë", "zo\u0065\u0301", "🚀", "步骤", "a\\b", "?", "#", "&", "+", "=", "~", "C:\\x", "...", ". .", "a.", ".a",
        "a%2Fb", "a/b", "\u202e", "\ufeff",
    ];

    public static TheoryData<string> HostileIds => new(Hostile);

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void Segment_NeverContainsASlashNorIsADotSegment(string id)
    {
        var segment = ObjectKeys.Segment(id);

        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('\\', segment);
        Assert.NotEqual(".", segment);
        Assert.NotEqual("..", segment);
        Assert.NotEqual("", segment);
        Assert.All(segment, c => Assert.True(c is > ' ' and < '\u007f', $"'{c}' (U+{(int)c:X4}) in {segment}"));
    }

    [Fact]
    public void Segment_IsInjectiveOverHostileIds()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in Hostile.Append("plain").Append("bob@example.com"))
        {
            var segment = ObjectKeys.Segment(id);
            Assert.True(seen.TryAdd(segment, id), $"'{id}' and '{seen.GetValueOrDefault(segment)}' share the segment {segment}");
        }
    }

    [Fact]
    public void For_IsInjectiveOverTriplesOfHostileIds()
    {
        string[] ids = ["a", "b", "a/b", "b/c", ".", "..", "%2F", "/", "%", "a%2Fb"];
        var seen = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        foreach (var owner in ids)
        {
            foreach (var thread in ids)
            {
                foreach (var element in ids)
                {
                    var key = ObjectKeys.For(owner, thread, element);
                    Assert.Equal(2, key.Count(c => c == '/'));
                    Assert.True(seen.TryAdd(key, (owner, thread, element)), $"{key} twice");
                }
            }
        }
    }

    [Fact]
    public void For_PlainEmailOwner_IsUnchangedAsChainlitWritesIt()
    {
        var key = ObjectKeys.For("bob@example.com", "238cd6a2-2344-515d-abd6-77624f0e1858", "286008d7-9f58-5d81-8ecc-d778e90225c6");

        // The object key Chainlit's Python layer stored for this element (chainlit-items.json).
        Assert.Equal("bob@example.com/238cd6a2-2344-515d-abd6-77624f0e1858/286008d7-9f58-5d81-8ecc-d778e90225c6", key);
    }

    [Fact]
    public void For_NoOwner_UsesTheUnknownPrefix()
    {
        Assert.Equal("unknown/t/e", ObjectKeys.For(null, "t", "e"));
    }

    [Theory]
    [InlineData("..", "%2E%2E")]
    [InlineData(".", "%2E")]
    [InlineData("/", "%2F")]
    [InlineData("%", "%25")]
    [InlineData("a b", "a%20b")]
    [InlineData("\n", "%0A")]
    [InlineData("zoë", "zo%C3%AB")]
    [InlineData("...", "...")]
    [InlineData("A-z_0.9~@", "A-z_0.9~@")]
    public void Segment_PercentEncodesUtf8Bytes(string id, string expected)
    {
        Assert.Equal(expected, ObjectKeys.Segment(id));
    }
}
