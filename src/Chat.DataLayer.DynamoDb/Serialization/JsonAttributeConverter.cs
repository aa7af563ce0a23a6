using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Serialization;

/// <summary>
/// Converts JSON (metadata, generation, props) to DynamoDB attribute values and back, losslessly:
/// numbers travel as their raw text (never through double or decimal), empty strings and empty containers are
/// kept (also inside lists), JSON null is the NULL attribute, and sets are never produced.
/// </summary>
internal static class JsonAttributeConverter
{
    /// <summary>DynamoDB's limit on nested attribute levels.</summary>
    public const int MaxDepth = 32;

    /// <summary>Converts a JSON value; <paramref name="path"/> names it in errors (for example <c>step.metadata</c>).</summary>
    /// <exception cref="ArgumentException">The value cannot be stored without changing it.</exception>
    public static AttributeValue ToAttributeValue(JsonNode? node, string path) => Convert(node, path, depth: 0);

    /// <summary>Converts a JSON object to an attribute map.</summary>
    public static Dictionary<string, AttributeValue> ToAttributeMap(JsonObject obj, string path)
    {
        var map = new Dictionary<string, AttributeValue>(obj.Count, StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            map[key] = Convert(value, $"{path}.{key}", depth: 1);
        }

        return map;
    }

    /// <summary>Converts an attribute value back to JSON; sets written by other tools come back as arrays.</summary>
    public static JsonNode? ToJsonNode(AttributeValue? value)
    {
        if (value is null || value.NULL == true)
        {
            return null;
        }

        if (value.S is not null)
        {
            return JsonValue.Create(value.S);
        }

        if (value.N is not null)
        {
            return JsonNode.Parse(value.N);
        }

        if (value.BOOL is { } flag)
        {
            return JsonValue.Create(flag);
        }

        if (value.M is not null)
        {
            return ToJsonObject(value.M);
        }

        if (value.L is not null)
        {
            var array = new JsonArray();
            foreach (var item in value.L)
            {
                array.Add(ToJsonNode(item));
            }

            return array;
        }

        if (value.SS is not null)
        {
            return new JsonArray([.. value.SS.Select(s => (JsonNode?)JsonValue.Create(s))]);
        }

        if (value.NS is not null)
        {
            return new JsonArray([.. value.NS.Select(n => JsonNode.Parse(n))]);
        }

        if (value.B is not null)
        {
            return JsonValue.Create(System.Convert.ToBase64String(value.B.ToArray()));
        }

        if (value.BS is not null)
        {
            return new JsonArray([.. value.BS.Select(b => (JsonNode?)JsonValue.Create(System.Convert.ToBase64String(b.ToArray())))]);
        }

        // An attribute with no member set: the SDK's way of showing an empty list or map it could not type.
        return null;
    }

    /// <summary>Converts an attribute map back to a JSON object (a missing map is an empty object).</summary>
    public static JsonObject ToJsonObject(Dictionary<string, AttributeValue>? map)
    {
        var obj = new JsonObject();
        if (map is null)
        {
            return obj;
        }

        foreach (var (key, value) in map)
        {
            obj[key] = ToJsonNode(value);
        }

        return obj;
    }

    private static AttributeValue Convert(JsonNode? node, string path, int depth)
    {
        switch (node)
        {
            case null:
                return new AttributeValue { NULL = true };
            case JsonObject obj:
                CheckDepth(path, depth + 1);
                var map = new Dictionary<string, AttributeValue>(obj.Count, StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    map[key] = Convert(value, $"{path}.{key}", depth + 1);
                }

                return new AttributeValue { M = map };
            case JsonArray array:
                CheckDepth(path, depth + 1);
                var list = new List<AttributeValue>(array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    list.Add(Convert(array[i], $"{path}[{i}]", depth + 1));
                }

                return new AttributeValue { L = list };
            case JsonValue value:
                return ConvertValue(value, path);
            default:
                throw new ArgumentException($"{path}: unsupported JSON node {node.GetType().Name}.", path);
        }
    }

    private static AttributeValue ConvertValue(JsonValue value, string path)
    {
        // A CLR double or float that is not finite has no JSON form at all. (Parsed JSON is skipped: its text is
        // always finite, and reading a large number such as 1E39 as a float overflows to infinity.)
        if (!value.TryGetValue<JsonElement>(out _) &&
            ((value.TryGetValue<double>(out var d) && !double.IsFinite(d)) ||
             (value.TryGetValue<float>(out var f) && !float.IsFinite(f))))
        {
            throw new ArgumentException($"{path}: NaN and infinity cannot be stored as a number.", path);
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return new AttributeValue { S = value.GetValue<string>() };
            case JsonValueKind.True:
                return new AttributeValue { BOOL = true };
            case JsonValueKind.False:
                return new AttributeValue { BOOL = false };
            case JsonValueKind.Null:
                return new AttributeValue { NULL = true };
            case JsonValueKind.Number:
                var text = value.ToJsonString();
                if (DynamoDbNumber.Check(text) is { } problem)
                {
                    throw new ArgumentException($"{path}: {problem}.", path);
                }

                return new AttributeValue { N = text };
            default:
                throw new ArgumentException($"{path}: unsupported JSON value kind {value.GetValueKind()}.", path);
        }
    }

    private static void CheckDepth(string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"{path}: nested deeper than DynamoDB's {MaxDepth} levels.", path);
        }
    }
}
