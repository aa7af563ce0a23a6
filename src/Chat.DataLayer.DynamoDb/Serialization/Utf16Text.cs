namespace Chat.DataLayer.DynamoDb.Serialization;

/// <summary>
/// Well-formed UTF-16: every string sent to DynamoDB must be, because the AWS SDK encodes an unpaired surrogate as
/// U+FFFD, so two different strings would be stored (and keyed) as the same one. Such text is refused, never changed.
/// </summary>
internal static class Utf16Text
{
    /// <summary>True when every surrogate in <paramref name="text"/> is part of a high-low pair.</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return true;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Refuses text that is not well-formed UTF-16 with an <see cref="ArgumentException"/> naming <paramref name="paramName"/>.</summary>
    /// <param name="text">The text; <see langword="null"/> passes.</param>
    /// <param name="paramName">The argument (or JSON path) to name.</param>
    /// <param name="what">What the text is, for the message (for example "The id").</param>
    public static void Ensure(string? text, string paramName, string what)
    {
        if (text is not null && !IsValid(text))
        {
            throw new ArgumentException(
                $"{what} is not valid UTF-16 (it holds an unpaired surrogate), which DynamoDB would store as U+FFFD; nothing was written.",
                paramName);
        }
    }
}
