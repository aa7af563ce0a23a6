using System.Globalization;
using System.Text.Json;
using Xunit;

namespace Chat.DataLayer.Tests;

public sealed class ChainlitTimestampTests
{
    [Fact]
    public void Format_UtcTime_HasSixFractionDigitsAndZ()
    {
        var time = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

        Assert.Equal("2025-03-01T09:00:00.123456Z", ChainlitTimestamp.Format(time));
    }

    [Fact]
    public void Format_WholeSecond_StillHasSixFractionDigits()
    {
        Assert.Equal("2025-03-01T09:00:00.000000Z", ChainlitTimestamp.Format(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Format_TimeWithAnOffset_IsConvertedToUtc()
    {
        var kolkata = new DateTimeOffset(2025, 3, 1, 14, 30, 0, TimeSpan.FromHours(5.5));

        Assert.Equal("2025-03-01T09:00:00.000000Z", ChainlitTimestamp.Format(kolkata));
    }

    [Fact]
    public void Format_IgnoresTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            Assert.Equal("2025-03-01T09:00:00.000000Z", ChainlitTimestamp.Format(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("2025-03-01T09:00:00.123456Z", 1_234_560)]
    [InlineData("2025-03-01T09:00:00Z", 0)]
    [InlineData("2025-03-01T09:00:00", 0)]
    [InlineData("2025-03-01T09:00:00.123456", 1_234_560)]
    [InlineData("2025-03-01T09:00:00.123456+00:00", 1_234_560)]
    [InlineData("2025-03-01T09:00:00+00:00", 0)]
    [InlineData("2025-03-01T14:30:00.123456+05:30", 1_234_560)]
    [InlineData("2025-03-01T09:00:00.1Z", 1_000_000)]
    [InlineData("2025-03-01T09:00:00.1234567Z", 1_234_567)]
    public void TryParse_ChainlitVariants_GiveTheSameInstant(string text, long ticksAfterNine)
    {
        var expected = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(ticksAfterNine);

        Assert.True(ChainlitTimestamp.TryParse(text, out var value));

        Assert.Equal(expected, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("not a time")]
    [InlineData("2025-13-01T09:00:00Z")]
    public void TryParse_NotATimestamp_ReturnsFalse(string? text)
    {
        Assert.False(ChainlitTimestamp.TryParse(text, out _));
    }

    [Fact]
    public void Parse_NotATimestamp_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => ChainlitTimestamp.Parse("yesterday-ish"));
    }

    [Fact]
    public void FormatThenParse_RoundTripsToTheMicrosecond()
    {
        var time = new DateTimeOffset(2031, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990);

        Assert.Equal(time, ChainlitTimestamp.Parse(ChainlitTimestamp.Format(time)));
    }

    [Fact]
    public void Format_StringOrderIsTimeOrder()
    {
        var random = new Random(20250301);
        var start = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var times = Enumerable.Range(0, 2000)
            .Select(_ => start.AddTicks((long)(random.NextDouble() * TimeSpan.FromDays(365 * 40).Ticks) / 10 * 10))
            .Concat([start, start.AddTicks(10), start.AddSeconds(1), start.AddSeconds(10), start.AddMinutes(1), start.AddHours(10)])
            .ToList();

        var byText = times.OrderBy(ChainlitTimestamp.Format, StringComparer.Ordinal).ToList();
        var byTime = times.OrderBy(t => t).ToList();

        Assert.Equal(byTime, byText);
    }

    [Fact]
    public void JsonConverter_WritesChainlitFormatAndReadsVariants()
    {
        var options = new JsonSerializerOptions { Converters = { new ChainlitTimestampJsonConverter() } };
        var time = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal("\"2025-03-01T09:00:00.000000Z\"", JsonSerializer.Serialize(time, options));
        Assert.Equal(time, JsonSerializer.Deserialize<DateTimeOffset>("\"2025-03-01T09:00:00+00:00\"", options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>("\"soon\"", options));
    }
}
