using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// Reads DynamoDB JSON (<c>{"S": ...}</c>, <c>{"N": ...}</c>, <c>{"BOOL": ...}</c>, <c>{"NULL": true}</c>,
/// <c>{"M": ...}</c>, <c>{"L": ...}</c>) into SDK attribute values, and renders attribute values, DynamoDB JSON and
/// <see cref="JsonNode"/>s as one canonical text (keys sorted, numbers as their exact text) so they can be compared.
/// </summary>
internal static class DynamoDbJson
{
    public static Dictionary<string, AttributeValue> ToItem(JsonElement item) =>
        item.EnumerateObject().ToDictionary(p => p.Name, p => ToAttributeValue(p.Value), StringComparer.Ordinal);

    public static AttributeValue ToAttributeValue(JsonElement typed)
    {
        var (type, value) = Single(typed);
        return type switch
        {
            "S" => new AttributeValue { S = value.GetString() },
            "N" => new AttributeValue { N = value.GetString() },
            "BOOL" => new AttributeValue { BOOL = value.GetBoolean() },
            "NULL" => new AttributeValue { NULL = true },
            "M" => new AttributeValue { M = ToItem(value) },
            "L" => new AttributeValue { L = [.. value.EnumerateArray().Select(ToAttributeValue)] },
            _ => throw new NotSupportedException($"DynamoDB JSON type '{type}' is not used by Chainlit's items."),
        };
    }

    /// <summary>The DynamoDB type of a DynamoDB JSON value: S, N, BOOL, NULL, M or L.</summary>
    public static string TypeOf(JsonElement typed) => Single(typed).Type;

    /// <summary>The DynamoDB type of an SDK attribute value.</summary>
    public static string TypeOf(AttributeValue value) =>
        value.S is not null ? "S"
        : value.N is not null ? "N"
        : value.BOOL is not null ? "BOOL"
        : value.NULL == true ? "NULL"
        : value.M is not null ? "M"
        : value.L is not null ? "L"
        : value.SS is not null ? "SS"
        : value.NS is not null ? "NS"
        : value.B is not null ? "B"
        : value.BS is not null ? "BS"
        : "?";

    /// <summary>Canonical text of a DynamoDB JSON value, as plain JSON.</summary>
    public static string Canonical(JsonElement typed)
    {
        var builder = new StringBuilder();
        Write(builder, typed);
        return builder.ToString();
    }

    /// <summary>Canonical text of a JSON node; <see langword="null"/> renders as <c>null</c>.</summary>
    public static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static (string Type, JsonElement Value) Single(JsonElement typed)
    {
        using var members = typed.EnumerateObject();
        if (!members.MoveNext())
        {
            throw new FormatException($"Not a DynamoDB JSON value: {typed}");
        }

        var member = members.Current;
        if (members.MoveNext())
        {
            throw new FormatException($"A DynamoDB JSON value has exactly one type: {typed}");
        }

        return (member.Name, member.Value);
    }

    private static void Write(StringBuilder builder, JsonElement typed)
    {
        var (type, value) = Single(typed);
        switch (type)
        {
            case "S":
                builder.Append(JsonSerializer.Serialize(value.GetString()));
                break;
            case "N":
                builder.Append(value.GetString());
                break;
            case "BOOL":
                builder.Append(value.GetBoolean() ? "true" : "false");
                break;
            case "NULL":
                builder.Append("null");
                break;
            case "M":
                builder.Append('{');
                var first = true;
                foreach (var member in value.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",").Append(JsonSerializer.Serialize(member.Name)).Append(':');
                    Write(builder, member.Value);
                    first = false;
                }

                builder.Append('}');
                break;
            case "L":
                builder.Append('[');
                var i = 0;
                foreach (var element in value.EnumerateArray())
                {
                    builder.Append(i++ == 0 ? "" : ",");
                    Write(builder, element);
                }

                builder.Append(']');
                break;
            default:
                throw new NotSupportedException(type);
        }
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",").Append(JsonSerializer.Serialize(key)).Append(':');
                    Write(builder, value);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                builder.Append(value.GetValueKind() switch
                {
                    JsonValueKind.String => JsonSerializer.Serialize(value.GetValue<string>()),
                    JsonValueKind.Number => value.ToJsonString(), // the exact text, as stored
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => "null",
                    var kind => throw new NotSupportedException(kind.ToString()),
                });
                break;
        }
    }
}
