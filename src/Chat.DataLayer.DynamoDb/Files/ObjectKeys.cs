using System.Text;

namespace Chat.DataLayer.DynamoDb.Files;

/// <summary>
/// Object keys of element files: <c>{ownerId}/{threadId}/{elementId}</c> as Chainlit lays them out, each segment
/// percent-encoded (all but ASCII letters, digits and <c>-_.~@</c>; <c>.</c> and <c>..</c> as whole segments too)
/// so no id can leave its owner's prefix or make two elements share a key.
/// </summary>
internal static class ObjectKeys
{
    public const string UnknownOwner = "unknown";

    public static string For(string? ownerId, string threadId, string elementId) =>
        $"{Segment(ownerId ?? UnknownOwner)}/{Segment(threadId)}/{Segment(elementId)}";

    public static string Segment(string value)
    {
        if (value is "." or "..")
        {
            return value.Replace(".", "%2E", StringComparison.Ordinal);
        }

        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '@'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
