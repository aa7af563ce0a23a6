using System.Text;
using System.Text.Json.Nodes;
using Chat.DataLayer.DynamoDb.Internal;
using Xunit;

namespace Chat.DataLayer.Tests.Internal;

public sealed class ThreadCursorTests
{
    private static readonly ThreadFilter Filter = new("alice@example.com", "report", 1);

    [Fact]
    public void EncodeThenDecode_SameFilter_ReturnsTheSamePosition()
    {
        var cursor = ThreadCursor.Create(Filter, "TS#2025-03-01T09:00:00.123456Z", "THREAD#thread-1");

        var decoded = ThreadCursor.Decode(cursor.Encode(), Filter, "cursor");

        Assert.Equal(cursor, decoded);
        Assert.Equal("TS#2025-03-01T09:00:00.123456Z", decoded.ActivityKey);
        Assert.Equal("THREAD#thread-1", decoded.ThreadPk);
    }

    [Fact]
    public void Encode_IsUrlSafeWithoutPadding()
    {
        // Ids with characters whose base64 holds '+' and '/' in the standard alphabet.
        var text = ThreadCursor.Create(Filter, "TS#2025-03-01T09:00:00.123456Z", "THREAD#~~~???>>>").Encode();

        Assert.DoesNotContain('+', text);
        Assert.DoesNotContain('/', text);
        Assert.DoesNotContain('=', text);
    }

    [Fact]
    public void EncodeThenDecode_UnicodeThreadId_RoundTrips()
    {
        var cursor = ThreadCursor.Create(Filter, "TS#2025-03-01T09:00:00.123456Z", "THREAD#zoë-🚀");

        Assert.Equal(cursor, ThreadCursor.Decode(cursor.Encode(), Filter, "cursor"));
    }

    [Theory]
    [InlineData("bob@example.com", "report", 1)]
    [InlineData("alice@example.com", "other", 1)]
    [InlineData("alice@example.com", null, 1)]
    [InlineData("alice@example.com", "report", 0)]
    [InlineData("alice@example.com", "report", null)]
    public void Decode_CursorOfAnotherUserOrFilter_ThrowsArgumentException(string userId, string? search, int? feedback)
    {
        var text = ThreadCursor.Create(Filter, "TS#2025-03-01T09:00:00.123456Z", "THREAD#thread-1").Encode();

        var error = Assert.Throws<ArgumentException>(() => ThreadCursor.Decode(text, new ThreadFilter(userId, search, feedback), "cursor"));

        Assert.Equal("cursor", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("!!!!")]
    [InlineData("e30")] // {}
    [InlineData("bnVsbA")] // null
    [InlineData("WzEsMiwzXQ")] // [1,2,3]
    public void Decode_MalformedText_ThrowsArgumentException(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ThreadCursor.Decode(text, Filter, "cursor"));

        Assert.Equal("cursor", error.ParamName);
    }

    [Fact]
    public void Decode_TruncatedCursor_ThrowsArgumentException()
    {
        var text = ThreadCursor.Create(Filter, "TS#2025-03-01T09:00:00.123456Z", "THREAD#thread-1").Encode();

        Assert.Throws<ArgumentException>(() => ThreadCursor.Decode(text[..(text.Length / 2)], Filter, "cursor"));
    }

    [Theory]
    [InlineData("f", "\"000000000000000000000000\"")] // fingerprint edited
    [InlineData("v", "2")] // unknown version
    [InlineData("ts", "\"2025-03-01T09:00:00.123456Z\"")] // not an activity key
    [InlineData("ts", "\"\"")]
    [InlineData("pk", "\"USER#bob@example.com\"")] // points outside the thread items
    [InlineData("pk", "\"\"")]
    [InlineData("pk", "null")]
    [InlineData("pk", "42")]
    public void Decode_TamperedField_ThrowsArgumentExceptionNamingTheCursor(string field, string jsonLiteral)
    {
        var text = ThreadCursor.Create(Filter, "TS#2025-03-01T09:00:00.123456Z", "THREAD#thread-1").Encode();
        var json = JsonNode.Parse(FromBase64Url(text))!.AsObject();
        json[field] = JsonNode.Parse(jsonLiteral);

        var error = Assert.Throws<ArgumentException>(() => ThreadCursor.Decode(ToBase64Url(json.ToJsonString()), Filter, "cursor"));

        Assert.Equal("cursor", error.ParamName);
    }

    [Theory]
    [InlineData("v")]
    [InlineData("f")]
    [InlineData("ts")]
    [InlineData("pk")]
    public void Decode_FieldRemoved_ThrowsArgumentExceptionNamingTheCursor(string field)
    {
        var text = ThreadCursor.Create(Filter, "TS#2025-03-01T09:00:00.123456Z", "THREAD#thread-1").Encode();
        var json = JsonNode.Parse(FromBase64Url(text))!.AsObject();
        json.Remove(field);

        var error = Assert.Throws<ArgumentException>(() => ThreadCursor.Decode(ToBase64Url(json.ToJsonString()), Filter, "cursor"));

        Assert.Equal("cursor", error.ParamName);
    }

    private static string FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
    }

    private static string ToBase64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
