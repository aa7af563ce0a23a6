using System.Globalization;

namespace Chat.DataLayer.DynamoDb.Serialization;

/// <summary>
/// Checks number text against what a DynamoDB number can hold (38 significant digits, magnitude 1E-130 to
/// 9.99E+125) without ever converting it to double or decimal, so the stored value is exactly the given text.
/// Reads the text in place (no regular expression, no substrings): it runs for every number written.
/// </summary>
internal static class DynamoDbNumber
{
    public const int MaxSignificantDigits = 38;
    public const int MaxExponent = 125;
    public const int MinExponent = -130;

    /// <summary>Returns null when the JSON number text fits DynamoDB, else the reason it does not.</summary>
    public static string? Check(string text)
    {
        if (!TryScan(text, out var parts))
        {
            return $"'{text}' is not a JSON number";
        }

        var span = text.AsSpan();
        var integer = span.Slice(parts.IntegerStart, parts.IntegerLength);
        var fraction = span.Slice(parts.FractionStart, parts.FractionLength);

        // Positions count over the integer digits followed by the fraction digits.
        int firstSignificant;
        var firstInInteger = integer.IndexOfAnyExcept('0');
        if (firstInInteger >= 0)
        {
            firstSignificant = firstInInteger;
        }
        else
        {
            var firstInFraction = fraction.IndexOfAnyExcept('0');
            if (firstInFraction < 0)
            {
                return null; // zero
            }

            firstSignificant = integer.Length + firstInFraction;
        }

        var lastInFraction = fraction.LastIndexOfAnyExcept('0');
        var lastSignificant = lastInFraction >= 0 ? integer.Length + lastInFraction : integer.LastIndexOfAnyExcept('0');
        var significantDigits = lastSignificant - firstSignificant + 1;
        if (significantDigits > MaxSignificantDigits)
        {
            return $"{text} has {significantDigits} significant digits; DynamoDB keeps at most {MaxSignificantDigits}";
        }

        long exponent = 0;
        if (parts.ExponentLength > 0 &&
            !long.TryParse(span.Slice(parts.ExponentStart, parts.ExponentLength), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return $"{text} is outside DynamoDB's number range (1E-130 to 9.99E+125)";
        }

        // The power of ten of the first significant digit: value = d.ddd x 10^adjusted.
        var adjusted = integer.Length + exponent - firstSignificant - 1;
        if (adjusted > MaxExponent || adjusted < MinExponent)
        {
            return $"{text} is outside DynamoDB's number range (1E-130 to 9.99E+125)";
        }

        return null;
    }

    /// <summary>
    /// Whether the text is exactly one JSON number (RFC 8259: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>),
    /// with nothing before or after it, not even white space.
    /// </summary>
    public static bool IsJsonNumber(ReadOnlySpan<char> text) => TryScan(text, out _);

    private readonly record struct Parts(int IntegerStart, int IntegerLength, int FractionStart, int FractionLength, int ExponentStart, int ExponentLength);

    private static bool TryScan(ReadOnlySpan<char> text, out Parts parts)
    {
        parts = default;
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        var integerStart = i;
        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        var integerLength = i - integerStart;
        int fractionStart = i, fractionLength = 0;
        if (i < text.Length && text[i] == '.')
        {
            fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fractionLength = i - fractionStart;
            if (fractionLength == 0)
            {
                return false;
            }
        }

        int exponentStart = i, exponentLength = 0;
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            exponentStart = ++i;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }

            var digitsStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digitsStart)
            {
                return false;
            }

            exponentLength = i - exponentStart;
        }

        if (i != text.Length)
        {
            return false;
        }

        parts = new Parts(integerStart, integerLength, fractionStart, fractionLength, exponentStart, exponentLength);
        return true;
    }
}
