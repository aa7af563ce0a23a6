using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Serialization;

/// <summary>
/// The numbers of one attribute tree (a step's metadata or generation map), parsed together: their texts are
/// written as one JSON array and read into one <see cref="JsonDocument"/>, and each number becomes a
/// <see cref="JsonValue"/> over its element of that array. The values are the same kind of node that
/// <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> returns for the text alone (exact
/// text, any CLR number type on request), at a fraction of the cost of one document per number.
/// </summary>
/// <remarks>
/// Text that is not strictly one JSON number (DynamoDB never returns such text) is parsed alone, as before, with
/// the same result or exception. <see cref="Next"/> must be called for the number attributes in the order
/// <see cref="Parse(Dictionary{string, AttributeValue})"/> walks them: values of maps in enumeration order, items
/// of lists in order, depth first, the same checks in the same order as the converter's reader.
/// </remarks>
internal struct JsonNumbers
{
    private const int StackBufferBytes = 256;
    private JsonElement.ArrayEnumerator _elements;
    private bool _any;

    /// <summary>Parses the numbers found in <paramref name="value"/> and below it.</summary>
    public static JsonNumbers Parse(AttributeValue value)
    {
        var writer = new NumberWriter(stackalloc byte[StackBufferBytes]);
        try
        {
            Collect(value, ref writer);
            return Parse(ref writer);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Parses the numbers found in the values of <paramref name="map"/> and below them.</summary>
    public static JsonNumbers Parse(Dictionary<string, AttributeValue> map)
    {
        var writer = new NumberWriter(stackalloc byte[StackBufferBytes]);
        try
        {
            Collect(map, ref writer);
            return Parse(ref writer);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The JSON value of the next number attribute, whose text is <paramref name="text"/>.</summary>
    public JsonNode? Next(string text)
    {
        if (_any && DynamoDbNumber.IsJsonNumber(text) && _elements.MoveNext())
        {
            return JsonValue.Create(_elements.Current);
        }

        return JsonNode.Parse(text);
    }

    private static JsonNumbers Parse(ref NumberWriter writer)
    {
        if (writer.Count == 0)
        {
            return default;
        }

        var reader = new Utf8JsonReader(writer.Finish());
        // ParseValue copies what it reads into a document of its own: the buffer can go back to the pool.
        var array = JsonElement.ParseValue(ref reader);
        return new JsonNumbers { _elements = array.EnumerateArray(), _any = true };
    }

    private static void Collect(Dictionary<string, AttributeValue> map, ref NumberWriter writer)
    {
        foreach (var value in map.Values)
        {
            if (value is not null)
            {
                Collect(value, ref writer);
            }
        }
    }

    private static void Collect(AttributeValue value, ref NumberWriter writer)
    {
        if (value.NULL == true || value.S is not null)
        {
            return;
        }

        if (value.N is not null)
        {
            if (DynamoDbNumber.IsJsonNumber(value.N))
            {
                writer.Add(value.N);
            }

            return;
        }

        if (value.BOOL is not null)
        {
            return;
        }

        if (value.M is not null)
        {
            Collect(value.M, ref writer);
            return;
        }

        if (value.L is not null)
        {
            foreach (var item in value.L)
            {
                if (item is not null)
                {
                    Collect(item, ref writer);
                }
            }
        }
    }

    /// <summary>Writes <c>[n1,n2,…]</c> as UTF-8 into a stack buffer, moving to pooled arrays when it outgrows it.</summary>
    private ref struct NumberWriter(Span<byte> initial)
    {
        private Span<byte> _buffer = initial;
        private byte[]? _rented;
        private int _length;

        public int Count { get; private set; }

        public void Add(string number)
        {
            // '[' or ',' before, ']' after: the text is ASCII (checked by IsJsonNumber), one byte a character.
            Ensure(number.Length + 2);
            _buffer[_length++] = Count == 0 ? (byte)'[' : (byte)',';
            foreach (var c in number)
            {
                _buffer[_length++] = (byte)c;
            }

            Count++;
        }

        public ReadOnlySpan<byte> Finish()
        {
            Ensure(1);
            _buffer[_length++] = (byte)']';
            return _buffer[.._length];
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
                _rented = null;
            }
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer[.._length].CopyTo(larger);
            Dispose();
            _rented = larger;
            _buffer = larger;
        }
    }
}
