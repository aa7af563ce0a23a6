using System.Text;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Gateway;

/// <summary>
/// The table's key schema and what every item shares (see docs/design.md): the key attribute names, key building,
/// exact-prefix parsing and id validation. Each item kind's own prefix and sort key live in its file in
/// <c>Layout/</c>; the markers' in <c>Markers/</c>. Ids are parsed back by removing an exact prefix, never by stripping characters.
/// </summary>
internal static class TableKeys
{
    public const string PartitionKey = "PK";
    public const string SortKey = "SK";
    public const string UserThreadPartitionKey = "UserThreadPK";
    public const string UserThreadSortKey = "UserThreadSK";

    /// <summary>DynamoDB's limits on key sizes (UTF-8 bytes).</summary>
    public const int MaxPartitionKeyBytes = 2048;
    public const int MaxSortKeyBytes = 1024;

    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new(StringComparer.Ordinal)
    {
        [PartitionKey] = new AttributeValue { S = pk },
        [SortKey] = new AttributeValue { S = sk },
    };

    /// <summary>The key of an item read back from the table (a query result that holds PK and SK).</summary>
    public static Dictionary<string, AttributeValue> KeyOf(Dictionary<string, AttributeValue> item) =>
        Key(item[PartitionKey].S, item[SortKey].S);

    /// <summary>Removes an exact prefix; null when the text does not start with it (never strips characters).</summary>
    public static string? RemovePrefix(string? text, string prefix) =>
        text is not null && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;

    /// <summary>Escapes <c>%</c> and <c>#</c> so an escaped id never contains the separator.</summary>
    public static string Escape(string id) => id.Replace("%", "%25", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);

    /// <summary>
    /// Validates an id argument: not null or blank, well-formed UTF-16 (an unpaired surrogate would reach DynamoDB
    /// as U+FFFD and make two ids one key), and short enough for its key.
    /// </summary>
    public static void ValidateId(string? id, string paramName, int maxKeyBytes = MaxSortKeyBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, paramName);
        Utf16Text.Ensure(id, paramName, "The id");
        // The longest prefix that goes with an id in a key is ELEMENT#/FAVORITE# (9 bytes); keep a margin for it.
        if (Encoding.UTF8.GetByteCount(id) > maxKeyBytes - 16)
        {
            throw new ArgumentException($"The id is longer than DynamoDB's key limit of {maxKeyBytes} bytes allows.", paramName);
        }
    }
}
