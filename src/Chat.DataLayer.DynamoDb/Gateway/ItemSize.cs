using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Gateway;

/// <summary>
/// Computes an item's size the way DynamoDB bills and limits it (UTF-8 names and strings, numbers by significant
/// digits, 3 bytes plus 1 per element for lists and maps), to refuse an oversized write before sending it.
/// </summary>
internal static class ItemSize
{
    /// <summary>DynamoDB's item size limit: 400 KB.</summary>
    public const int MaxItemBytes = 400 * 1024;

    public static long Of(Dictionary<string, AttributeValue> item)
    {
        long size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name) + Of(value);
        }

        return size;
    }

    public static long Of(AttributeValue value)
    {
        if (value.S is not null)
        {
            return Encoding.UTF8.GetByteCount(value.S);
        }

        if (value.N is not null)
        {
            // Up to 21 bytes: about one byte per two significant digits plus one.
            var digits = value.N.Count(char.IsAsciiDigit);
            return Math.Min(21, (digits + 1) / 2 + 1);
        }

        if (value.BOOL is not null || value.NULL is not null)
        {
            return 1;
        }

        if (value.M is not null)
        {
            return 3 + value.M.Sum(kv => 1 + Encoding.UTF8.GetByteCount(kv.Key) + Of(kv.Value));
        }

        if (value.L is not null)
        {
            return 3 + value.L.Sum(v => 1 + Of(v));
        }

        if (value.B is not null)
        {
            return value.B.Length;
        }

        return (value.SS?.Sum(s => (long)Encoding.UTF8.GetByteCount(s)) ?? 0)
            + (value.NS?.Sum(n => (long)n.Length) ?? 0)
            + (value.BS?.Sum(b => b.Length) ?? 0);
    }
}
