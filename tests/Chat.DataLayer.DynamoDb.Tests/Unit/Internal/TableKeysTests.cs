using System.Text;
using Chat.DataLayer.DynamoDb.Internal;
using Xunit;

namespace Chat.DataLayer.Tests.Internal;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("THREAD#THREAD-HEAD", "THREAD#", "THREAD-HEAD")]
    [InlineData("THREAD#ADA7F1E2-1C3B-4A5D-9E8F-0123456789AE", "THREAD#", "ADA7F1E2-1C3B-4A5D-9E8F-0123456789AE")]
    [InlineData("STEP#SPET#1", "STEP#", "SPET#1")]
    [InlineData("STEP#E4C1B2A0-9D8C-4B7A-8F6E-5D4C3B2A1F0E", "STEP#", "E4C1B2A0-9D8C-4B7A-8F6E-5D4C3B2A1F0E")]
    [InlineData("THREAD#", "THREAD#", "")]
    [InlineData("THREAD##", "THREAD#", "#")]
    [InlineData("USER#zoë@example.com", "USER#", "zoë@example.com")]
    public void RemovePrefix_RemovesExactlyThePrefix(string text, string prefix, string expected)
    {
        Assert.Equal(expected, TableKeys.RemovePrefix(text, prefix));
    }

    [Theory]
    [InlineData("HREAD#x", "THREAD#")]
    [InlineData("thread#x", "THREAD#")]
    [InlineData("x THREAD#x", "THREAD#")]
    [InlineData("", "THREAD#")]
    public void RemovePrefix_TextWithoutThePrefix_ReturnsNull(string text, string prefix)
    {
        Assert.Null(TableKeys.RemovePrefix(text, prefix));
    }

    [Fact]
    public void RemovePrefix_Null_ReturnsNull()
    {
        Assert.Null(TableKeys.RemovePrefix(null, "THREAD#"));
    }

    [Fact]
    public void Keys_FollowChainlitsLayout()
    {
        Assert.Equal(("USER#bob@example.com", "USER"), Pair(TableKeys.UserKey("bob@example.com")));
        Assert.Equal(("THREAD#t", "THREAD"), Pair(TableKeys.ThreadKey("t")));
        Assert.Equal(("THREAD#t", "STEP#s"), Pair(TableKeys.StepKey("t", "s")));
        Assert.Equal(("THREAD#t", "ELEMENT#e"), Pair(TableKeys.ElementKey("t", "e")));
        Assert.Equal(("THREAD#t", "RATINGS"), Pair(TableKeys.RatingsKey("t")));
        Assert.Equal("TS#2025-03-01T09:00:00.000000Z", TableKeys.Activity("2025-03-01T09:00:00.000000Z"));
    }

    [Fact]
    public void FavoriteSk_IdsWithTheSeparatorMovedAcrossIt_Differ()
    {
        Assert.NotEqual(TableKeys.FavoriteSk("a#b", "c"), TableKeys.FavoriteSk("a", "b#c"));
    }

    [Fact]
    public void FavoriteSk_IsInjectiveOverHostileIds()
    {
        string[] ids = ["a", "b", "a#b", "b#c", "a#", "#b", "#", "%", "%23", "%25", "a%23b", "a%b", "", "c", "%2523"];
        var seen = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var thread in ids)
        {
            foreach (var step in ids)
            {
                var sk = TableKeys.FavoriteSk(thread, step);
                Assert.True(seen.TryAdd(sk, (thread, step)), $"{sk} from ({thread}, {step}) and {seen.GetValueOrDefault(sk)}");
                Assert.StartsWith("FAVORITE#", sk, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a#b", "a%23b")]
    [InlineData("a%b", "a%25b")]
    [InlineData("%23", "%2523")]
    public void Escape_EscapesPercentAndHashOnly(string id, string expected)
    {
        Assert.Equal(expected, TableKeys.Escape(id));
        Assert.DoesNotContain('#', TableKeys.Escape(id));
    }

    [Fact]
    public void ValidateId_IdAtTheLimit_IsAccepted()
    {
        TableKeys.ValidateId(new string('x', TableKeys.MaxSortKeyBytes - 16), "id");
    }

    [Fact]
    public void ValidateId_IdOverTheKeyLimitInUtf8Bytes_ThrowsArgumentException()
    {
        // 600 characters but 1200 UTF-8 bytes: over the 1024-byte sort key limit.
        var id = new string('é', 600);
        Assert.True(Encoding.UTF8.GetByteCount(id) > TableKeys.MaxSortKeyBytes);

        var error = Assert.Throws<ArgumentException>(() => TableKeys.ValidateId(id, "stepId"));

        Assert.Equal("stepId", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void ValidateId_BlankId_ThrowsArgumentException(string id)
    {
        Assert.Throws<ArgumentException>(() => TableKeys.ValidateId(id, "id"));
    }

    private static (string?, string?) Pair(Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> key) =>
        (key[TableKeys.PartitionKey].S, key[TableKeys.SortKey].S);
}
