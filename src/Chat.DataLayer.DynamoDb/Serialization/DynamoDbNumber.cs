using System.Globalization;
using System.Text.RegularExpressions;

namespace Chat.DataLayer.DynamoDb.Serialization;

/// <summary>
/// Checks number text against what a DynamoDB number can hold (38 significant digits, magnitude 1E-130 to
/// 9.99E+125) without ever converting it to double or decimal, so the stored value is exactly the given text.
/// </summary>
internal static partial class DynamoDbNumber
{
    public const int MaxSignificantDigits = 38;
    public const int MaxExponent = 125;
    public const int MinExponent = -130;

    /// <summary>Returns null when the JSON number text fits DynamoDB, else the reason it does not.</summary>
    public static string? Check(string text)
    {
        var match = JsonNumber().Match(text);
        if (!match.Success)
        {
            return $"'{text}' is not a JSON number";
        }

        var digits = match.Groups["int"].Value + match.Groups["frac"].Value;
        var firstSignificant = digits.AsSpan().IndexOfAnyExcept('0');
        if (firstSignificant < 0)
        {
            return null; // zero
        }

        var lastSignificant = digits.AsSpan().LastIndexOfAnyExcept('0');
        var significantDigits = lastSignificant - firstSignificant + 1;
        if (significantDigits > MaxSignificantDigits)
        {
            return $"{text} has {significantDigits} significant digits; DynamoDB keeps at most {MaxSignificantDigits}";
        }

        long exponent = 0;
        if (match.Groups["exp"].Success &&
            !long.TryParse(match.Groups["exp"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return $"{text} is outside DynamoDB's number range (1E-130 to 9.99E+125)";
        }

        // The power of ten of the first significant digit: value = d.ddd x 10^adjusted.
        var adjusted = match.Groups["int"].Value.Length + exponent - firstSignificant - 1;
        if (adjusted > MaxExponent || adjusted < MinExponent)
        {
            return $"{text} is outside DynamoDB's number range (1E-130 to 9.99E+125)";
        }

        return null;
    }

    [GeneratedRegex(@"^-?(?<int>0|[1-9][0-9]*)(\.(?<frac>[0-9]+))?([eE](?<exp>[+-]?[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
