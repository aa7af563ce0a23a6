using System.Globalization;

namespace Chat.DataLayer;

/// <summary>
/// The timestamp text format shared with Chainlit: ISO 8601 in UTC with a <c>Z</c> and a fixed six-digit
/// fraction, so that string order is time order. Reads Chainlit's own variants too (no fraction, any offset).
/// </summary>
public static class ChainlitTimestamp
{
    private const string WriteFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    /// <summary>Formats a point in time as UTC text, such as <c>2025-03-01T09:00:00.123456Z</c>.</summary>
    /// <param name="value">The time.</param>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(WriteFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses ISO 8601 text; text without an offset is taken as UTC.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The parsed time.</param>
    /// <returns>Whether the text was a timestamp.</returns>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            value = default;
            return false;
        }

        return DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
    }

    /// <summary>Parses ISO 8601 text; text without an offset is taken as UTC.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="FormatException">The text is not a timestamp.</exception>
    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an ISO 8601 timestamp.");
}
