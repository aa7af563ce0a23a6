using System.Buffers;
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
            CheckKey(key, path);
            map[key] = Convert(value, $"{path}.{key}", depth: 1);
        }

        return map;
    }

    /// <summary>
    /// Refuses a key that cannot be stored as given: one that is not well-formed UTF-16 and, unless
    /// <paramref name="allowEmpty"/>, an empty one (DynamoDB has no empty attribute names; an empty key of a nested
    /// map is stored). <paramref name="path"/> is the key's map.
    /// </summary>
    public static void CheckKey(string key, string path, bool allowEmpty = true)
    {
        if (key.Length == 0 && !allowEmpty)
        {
            throw new ArgumentException($"{path}: an empty key cannot be stored (it would be an empty DynamoDB attribute name).", path);
        }

        Utf16Text.Ensure(key, path, $"{path}: a key");
    }

    /// <summary>Converts an attribute value back to JSON; sets written by other tools come back as arrays.</summary>
    public static JsonNode? ToJsonNode(AttributeValue? value)
    {
        if (value is null)
        {
            return null;
        }

        var numbers = JsonNumbers.Parse(value);
        return ToJsonNode(value, ref numbers);
    }

    /// <summary>Converts an attribute map back to a JSON object (a missing map is an empty object).</summary>
    public static JsonObject ToJsonObject(Dictionary<string, AttributeValue>? map)
    {
        if (map is null)
        {
            return new JsonObject();
        }

        var numbers = JsonNumbers.Parse(map);
        return ToJsonObject(map, ref numbers);
    }

    // Reading: the order of the checks below is the order JsonNumbers.Collect walks the tree in; keep them alike.
    private static JsonNode? ToJsonNode(AttributeValue value, ref JsonNumbers numbers)
    {
        if (value.NULL == true)
        {
            return null;
        }

        if (value.S is not null)
        {
            return JsonValue.Create(value.S);
        }

        if (value.N is not null)
        {
            return numbers.Next(value.N);
        }

        if (value.BOOL is { } flag)
        {
            return JsonValue.Create(flag);
        }

        if (value.M is not null)
        {
            return ToJsonObject(value.M, ref numbers);
        }

        if (value.L is not null)
        {
            var array = new JsonArray();
            foreach (var item in value.L)
            {
                array.Add(item is null ? null : ToJsonNode(item, ref numbers));
            }

            return array;
        }

        if (value.SS is not null)
        {
            var array = new JsonArray();
            foreach (var s in value.SS)
            {
                array.Add(JsonValue.Create(s));
            }

            return array;
        }

        if (value.NS is not null)
        {
            var array = new JsonArray();
            foreach (var n in value.NS)
            {
                array.Add(JsonNode.Parse(n));
            }

            return array;
        }

        if (value.B is not null)
        {
            return JsonValue.Create(System.Convert.ToBase64String(value.B.ToArray()));
        }

        if (value.BS is not null)
        {
            var array = new JsonArray();
            foreach (var b in value.BS)
            {
                array.Add(JsonValue.Create(System.Convert.ToBase64String(b.ToArray())));
            }

            return array;
        }

        // An attribute with no member set: the SDK's way of showing an empty list or map it could not type.
        return null;
    }

    private static JsonObject ToJsonObject(Dictionary<string, AttributeValue> map, ref JsonNumbers numbers)
    {
        if (map.Count == 0)
        {
            return new JsonObject();
        }

        // The properties are converted first, then handed to the JsonObject at once, so that it sizes its
        // dictionary once instead of growing it property by property.
        var properties = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(map.Count);
        var count = 0;
        try
        {
            foreach (var (key, value) in map)
            {
                properties[count++] = new(key, value is null ? null : ToJsonNode(value, ref numbers));
            }

            return new JsonObject(PropertyBuffer.Wrap(properties, count));
        }
        finally
        {
            PropertyBuffer.Release();
            properties.AsSpan(0, count).Clear();
            ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(properties);
        }
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
                    CheckKey(key, path);
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
                return ConvertValue(value, path, depth);
            default:
                throw new ArgumentException($"{path}: unsupported JSON node {node.GetType().Name}.", path);
        }
    }

    private static AttributeValue ConvertValue(JsonValue value, string path, int depth)
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
                // A string, a parsed JSON string, or a CLR value that serializes to one (DateTime, DateTimeOffset,
                // Guid, char, TimeSpan, an enum with a string converter…): stored as the JSON string it writes.
                var text = value.TryGetValue<string>(out var s) ? s : SerializedString(value, path);
                Utf16Text.Ensure(text, path, $"{path}: the string");
                return new AttributeValue { S = text };
            case JsonValueKind.True:
                return new AttributeValue { BOOL = true };
            case JsonValueKind.False:
                return new AttributeValue { BOOL = false };
            case JsonValueKind.Null:
                return new AttributeValue { NULL = true };
            case JsonValueKind.Number:
                // Any CLR numeric type writes its exact value as JSON text (decimal, long, ulong, Int128, Half…).
                var number = Serialized(value, path);
                if (DynamoDbNumber.Check(number) is { } problem)
                {
                    throw new ArgumentException($"{path}: {problem}.", path);
                }

                return new AttributeValue { N = number };
            case JsonValueKind.Object or JsonValueKind.Array:
                // A CLR object or collection held as a value: stored as the JSON it serializes to.
                return Convert(JsonNode.Parse(Serialized(value, path)), path, depth);
            default:
                throw new ArgumentException($"{path}: unsupported JSON value kind {value.GetValueKind()}.", path);
        }
    }

    /// <summary>The string a JSON string value that is not held as a .NET string (a CLR value or parsed JSON) reads as.</summary>
    private static string SerializedString(JsonValue value, string path)
    {
        try
        {
            return value.TryGetValue<JsonElement>(out var element) ? element.GetString()! : JsonNode.Parse(Serialized(value, path))!.GetValue<string>();
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json refuses to read a string with an unpaired surrogate.
            throw new ArgumentException($"{path}: the string is not valid UTF-16; nothing was written.", path, ex);
        }
    }

    /// <summary>The JSON text a value writes; a value System.Text.Json cannot write is an <see cref="ArgumentException"/>.</summary>
    private static string Serialized(JsonValue value, string path)
    {
        try
        {
            return value.ToJsonString();
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException or JsonException)
        {
            throw new ArgumentException($"{path}: the value cannot be written as JSON ({ex.Message}).", path, ex);
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
