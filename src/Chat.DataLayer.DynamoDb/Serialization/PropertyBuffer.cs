using System.Collections;
using System.Text.Json.Nodes;

namespace Chat.DataLayer.DynamoDb.Serialization;

/// <summary>
/// Converted properties handed to <see cref="JsonObject(IEnumerable{KeyValuePair{string, JsonNode}}, JsonNodeOptions?)"/>
/// as a collection whose count is known, so that the object sizes its dictionary once (on .NET 8 the constructor
/// adds one by one, as before). One instance a thread, which is also its own enumerator: the constructor
/// enumerates it once, synchronously, and keeps no reference to it.
/// </summary>
internal sealed class PropertyBuffer : ICollection<KeyValuePair<string, JsonNode?>>, IEnumerator<KeyValuePair<string, JsonNode?>>
{
    [ThreadStatic]
    private static PropertyBuffer? t_instance;

    private KeyValuePair<string, JsonNode?>[] _items = [];
    private int _count;
    private int _index = -1;

    private PropertyBuffer()
    {
    }

    /// <summary>The number of properties.</summary>
    public int Count => _count;

    /// <summary>Always true.</summary>
    public bool IsReadOnly => true;

    /// <summary>The property the enumerator is on.</summary>
    public KeyValuePair<string, JsonNode?> Current => _items[_index];

    object IEnumerator.Current => Current;

    /// <summary>The first <paramref name="count"/> entries of <paramref name="items"/>, until <see cref="Release"/>.</summary>
    public static PropertyBuffer Wrap(KeyValuePair<string, JsonNode?>[] items, int count)
    {
        var buffer = t_instance ??= new PropertyBuffer();
        buffer._items = items;
        buffer._count = count;
        buffer._index = -1;
        return buffer;
    }

    /// <summary>Drops the reference to the wrapped array (which goes back to its pool).</summary>
    public static void Release()
    {
        if (t_instance is { } buffer)
        {
            buffer._items = [];
            buffer._count = 0;
            buffer._index = -1;
        }
    }

    /// <summary>Starts enumerating (this instance is the enumerator).</summary>
    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator()
    {
        _index = -1;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Moves to the next property.</summary>
    public bool MoveNext() => ++_index < _count;

    /// <summary>Goes back before the first property.</summary>
    public void Reset() => _index = -1;

    /// <summary>Nothing to dispose.</summary>
    public void Dispose()
    {
    }

    /// <summary>Copies the properties.</summary>
    public void CopyTo(KeyValuePair<string, JsonNode?>[] array, int arrayIndex) => _items.AsSpan(0, _count).CopyTo(array.AsSpan(arrayIndex));

    /// <summary>Whether the property is among them.</summary>
    public bool Contains(KeyValuePair<string, JsonNode?> item) => Array.IndexOf(_items, item, 0, _count) >= 0;

    /// <summary>Not supported: read-only.</summary>
    public void Add(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();

    /// <summary>Not supported: read-only.</summary>
    public void Clear() => throw new NotSupportedException();

    /// <summary>Not supported: read-only.</summary>
    public bool Remove(KeyValuePair<string, JsonNode?> item) => throw new NotSupportedException();
}
