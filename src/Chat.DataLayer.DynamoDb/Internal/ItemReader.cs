using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Internal;

/// <summary>
/// Tolerant reads of item attributes: a missing attribute, a NULL attribute (Chainlit stores Python None as NULL)
/// and an attribute of an unexpected type all read as "not given" instead of failing the whole read.
/// </summary>
internal static class ItemReader
{
    public static string? String(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) ? v.S : null;

    public static bool? Bool(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) ? v.BOOL : null;

    public static int? Int(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n &&
        decimal.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) &&
        d is >= int.MinValue and <= int.MaxValue
            ? (int)d
            : null;

    public static DateTimeOffset? Timestamp(Dictionary<string, AttributeValue> item, string name) =>
        ChainlitTimestamp.TryParse(String(item, name), out var value) ? value : null;

    public static JsonObject? Object(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.M is not null ? JsonAttributeConverter.ToJsonObject(v.M) : null;

    public static IReadOnlyList<string>? StringList(Dictionary<string, AttributeValue> item, string name)
    {
        if (!item.TryGetValue(name, out var v))
        {
            return null;
        }

        if (v.L is not null)
        {
            return [.. v.L.Where(x => x.S is not null).Select(x => x.S)];
        }

        return v.SS is not null ? [.. v.SS] : null;
    }

    public static IReadOnlyDictionary<string, string>? StringMap(Dictionary<string, AttributeValue> item, string name)
    {
        if (!item.TryGetValue(name, out var v) || v.M is null)
        {
            return null;
        }

        return v.M.Where(kv => kv.Value.S is not null).ToDictionary(kv => kv.Key, kv => kv.Value.S, StringComparer.Ordinal);
    }
}
