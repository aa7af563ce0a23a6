using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Gateway;

/// <summary>
/// Builds an UpdateItem expression with placeholder names and values for every attribute, so that any attribute
/// or metadata key (dots, spaces, reserved words) is addressed literally.
/// </summary>
internal sealed class UpdateBuilder
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _namePlaceholders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AttributeValue> _values = new(StringComparer.Ordinal);
    private readonly List<string> _sets = [];
    private readonly List<string> _removes = [];

    public bool IsEmpty => _sets.Count == 0 && _removes.Count == 0;

    public string Name(string attribute)
    {
        if (!_namePlaceholders.TryGetValue(attribute, out var placeholder))
        {
            placeholder = "#n" + _namePlaceholders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _namePlaceholders[attribute] = placeholder;
            _names[placeholder] = attribute;
        }

        return placeholder;
    }

    public string Value(AttributeValue value)
    {
        var placeholder = ":v" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _values[placeholder] = value;
        return placeholder;
    }

    public UpdateBuilder Set(string attribute, AttributeValue value)
    {
        _sets.Add($"{Name(attribute)} = {Value(value)}");
        return this;
    }

    public UpdateBuilder SetIfNotExists(string attribute, AttributeValue value)
    {
        var name = Name(attribute);
        _sets.Add($"{name} = if_not_exists({name}, {Value(value)})");
        return this;
    }

    public UpdateBuilder SetNested(string attribute, string key, AttributeValue value)
    {
        _sets.Add($"{Name(attribute)}.{Name(key)} = {Value(value)}");
        return this;
    }

    public UpdateBuilder Remove(string attribute)
    {
        _removes.Add(Name(attribute));
        return this;
    }

    public UpdateBuilder RemoveNested(string attribute, string key)
    {
        _removes.Add($"{Name(attribute)}.{Name(key)}");
        return this;
    }

    /// <summary>The request; the gateway fills in the table name.</summary>
    public UpdateItemRequest ToRequest(Dictionary<string, AttributeValue> key, string? condition = null)
    {
        var clauses = new List<string>(2);
        if (_sets.Count > 0)
        {
            clauses.Add("SET " + string.Join(", ", _sets));
        }

        if (_removes.Count > 0)
        {
            clauses.Add("REMOVE " + string.Join(", ", _removes));
        }

        return new UpdateItemRequest
        {
            Key = key,
            UpdateExpression = string.Join(' ', clauses),
            ConditionExpression = condition,
            ExpressionAttributeNames = new Dictionary<string, string>(_names, StringComparer.Ordinal),
            ExpressionAttributeValues = _values.Count > 0 ? new Dictionary<string, AttributeValue>(_values, StringComparer.Ordinal) : null,
        };
    }
}
