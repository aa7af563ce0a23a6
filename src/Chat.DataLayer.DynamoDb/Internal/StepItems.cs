using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Internal;

/// <summary>Maps steps to and from their items (<c>PK=THREAD#{threadId}</c>, <c>SK=STEP#{id}</c>, camelCase attributes).</summary>
internal static class StepItems
{
    public const string Metadata = "metadata";
    public const string FeedbackAttribute = "feedback";
    public const string CreatedAt = "createdAt";
    public const string FavoriteKey = "favorite";

    public static Step FromItem(Dictionary<string, AttributeValue> item)
    {
        var showInput = item.TryGetValue("showInput", out var si)
            ? si.BOOL is { } flag ? ShowInput.FromBoolean(flag) : si.S is { } language ? ShowInput.FromLanguage(language) : null
            : null;
        return new Step
        {
            Id = ItemReader.String(item, "id") ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.SortKey), TableKeys.StepPrefix) ?? "",
            ThreadId = ItemReader.String(item, "threadId") ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.PartitionKey), TableKeys.ThreadPrefix) ?? "",
            ParentId = ItemReader.String(item, "parentId"),
            Name = ItemReader.String(item, "name"),
            Type = ItemReader.String(item, "type"),
            Command = ItemReader.String(item, "command"),
            Modes = ItemReader.StringMap(item, "modes"),
            Streaming = ItemReader.Bool(item, "streaming"),
            WaitForAnswer = ItemReader.Bool(item, "waitForAnswer"),
            IsError = ItemReader.Bool(item, "isError"),
            Metadata = ItemReader.Object(item, Metadata),
            Tags = ItemReader.StringList(item, "tags"),
            Input = ItemReader.String(item, "input"),
            Output = ItemReader.String(item, "output"),
            CreatedAt = ItemReader.Timestamp(item, CreatedAt),
            Start = ItemReader.Timestamp(item, "start"),
            End = ItemReader.Timestamp(item, "end"),
            Generation = ItemReader.Object(item, "generation"),
            ShowInput = showInput,
            DefaultOpen = ItemReader.Bool(item, "defaultOpen"),
            AutoCollapse = ItemReader.Bool(item, "autoCollapse"),
            Language = ItemReader.String(item, "language"),
            Icon = ItemReader.String(item, "icon"),
            Feedback = item.TryGetValue(FeedbackAttribute, out var fb) && fb.M is not null ? FeedbackFromMap(fb.M) : null,
        };
    }

    public static Feedback? FeedbackFromMap(Dictionary<string, AttributeValue> map)
    {
        var value = ItemReader.Int(map, "value");
        var forId = ItemReader.String(map, "forId");
        if (value is null || forId is null)
        {
            return null;
        }

        return new Feedback
        {
            Id = ItemReader.String(map, "id"),
            ForId = forId,
            ThreadId = ItemReader.String(map, "threadId"),
            Value = value.Value,
            Comment = ItemReader.String(map, "comment"),
        };
    }

    public static AttributeValue FeedbackToAttribute(Feedback feedback, string feedbackId)
    {
        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["forId"] = new() { S = feedback.ForId },
            ["id"] = new() { S = feedbackId },
            ["threadId"] = new() { S = feedback.ThreadId },
            ["value"] = new() { N = feedback.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["comment"] = feedback.Comment is null ? new() { NULL = true } : new() { S = feedback.Comment },
        };
        return new AttributeValue { M = map };
    }

    /// <summary>
    /// The step's non-null members as attribute values (metadata apart), for an upsert that never overwrites a
    /// stored value with null or with empty input/output.
    /// </summary>
    public static Dictionary<string, AttributeValue> ScalarAttributes(Step step)
    {
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["id"] = new() { S = step.Id },
            ["threadId"] = new() { S = step.ThreadId },
        };
        AddString(attributes, "parentId", step.ParentId);
        AddString(attributes, "name", step.Name);
        AddString(attributes, "type", step.Type);
        AddString(attributes, "command", step.Command);
        AddString(attributes, "language", step.Language);
        AddString(attributes, "icon", step.Icon);
        if (!string.IsNullOrEmpty(step.Input))
        {
            attributes["input"] = new() { S = step.Input };
        }

        if (!string.IsNullOrEmpty(step.Output))
        {
            attributes["output"] = new() { S = step.Output };
        }

        AddBool(attributes, "streaming", step.Streaming);
        AddBool(attributes, "waitForAnswer", step.WaitForAnswer);
        AddBool(attributes, "isError", step.IsError);
        AddBool(attributes, "defaultOpen", step.DefaultOpen);
        AddBool(attributes, "autoCollapse", step.AutoCollapse);
        if (step.CreatedAt is { } createdAt)
        {
            attributes[CreatedAt] = new() { S = ChainlitTimestamp.Format(createdAt) };
        }

        if (step.Start is { } start)
        {
            attributes["start"] = new() { S = ChainlitTimestamp.Format(start) };
        }

        if (step.End is { } end)
        {
            attributes["end"] = new() { S = ChainlitTimestamp.Format(end) };
        }

        if (step.Tags is not null)
        {
            attributes["tags"] = new() { L = [.. step.Tags.Select(t => new AttributeValue { S = t ?? throw new ArgumentException("A step tag is null.", nameof(step)) })] };
        }

        if (step.Modes is not null)
        {
            attributes["modes"] = new() { M = step.Modes.ToDictionary(kv => kv.Key, kv => new AttributeValue { S = kv.Value }, StringComparer.Ordinal) };
        }

        if (step.Generation is not null)
        {
            attributes["generation"] = JsonAttributeConverter.ToAttributeValue(step.Generation, "step.generation");
        }

        if (step.ShowInput is { } showInput)
        {
            attributes["showInput"] = showInput.Language is { } language ? new() { S = language } : new() { BOOL = showInput.Flag == true };
        }

        return attributes;
    }

    /// <summary>The step's metadata keys as attribute values; JSON null values stand for "remove this key".</summary>
    public static Dictionary<string, AttributeValue?> MetadataChanges(JsonObject? metadata, string path)
    {
        var changes = new Dictionary<string, AttributeValue?>(StringComparer.Ordinal);
        if (metadata is null)
        {
            return changes;
        }

        foreach (var (key, value) in metadata)
        {
            changes[key] = value is null ? null : JsonAttributeConverter.ToAttributeValue(value, $"{path}.{key}");
        }

        return changes;
    }

    private static void AddString(Dictionary<string, AttributeValue> attributes, string name, string? value)
    {
        if (value is not null)
        {
            attributes[name] = new() { S = value };
        }
    }

    private static void AddBool(Dictionary<string, AttributeValue> attributes, string name, bool? value)
    {
        if (value is { } flag)
        {
            attributes[name] = new() { BOOL = flag };
        }
    }
}
