using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Layout;

/// <summary>
/// The step item (<c>PK=THREAD#{threadId}</c>, <c>SK=STEP#{id}</c>, camelCase attributes): key, attributes, read
/// mapping, and every write of a step (the upsert's SET decision, feedback, the favourite flag).
/// </summary>
internal static class StepItems
{
    public const string Prefix = "STEP#";

    public const string Metadata = MetadataUpsert.MetadataAttribute;
    public const string FeedbackAttribute = "feedback";
    public const string CreatedAt = "createdAt";

    /// <summary>The metadata key that marks a favourite step (Chainlit's <c>metadata.favorite</c>).</summary>
    public const string FavoriteKey = "favorite";

    public static string Sk(string stepId) => Prefix + stepId;

    public static Dictionary<string, AttributeValue> Key(string threadId, string stepId) => TableKeys.Key(ThreadItems.Pk(threadId), Sk(stepId));

    public static Step FromItem(Dictionary<string, AttributeValue> item)
    {
        var showInput = item.TryGetValue("showInput", out var si)
            ? si.BOOL is { } flag ? ShowInput.FromBoolean(flag) : si.S is { } language ? ShowInput.FromLanguage(language) : null
            : null;
        return new Step
        {
            Id = ItemReader.String(item, "id") ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.SortKey), Prefix) ?? "",
            ThreadId = ItemReader.String(item, "threadId") ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.PartitionKey), ThreadItems.Prefix) ?? "",
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
            attributes["modes"] = new()
            {
                M = step.Modes.ToDictionary(
                    kv => kv.Key,
                    kv => new AttributeValue { S = kv.Value ?? throw new ArgumentException($"The step mode '{kv.Key}' has a null value.", nameof(step)) },
                    StringComparer.Ordinal),
            };
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

    /// <summary>What a step write sends, converted and size-checked before the first request so a bad step writes nothing.</summary>
    public sealed record Write(Dictionary<string, AttributeValue> Attributes, Dictionary<string, AttributeValue?> Metadata);

    public static Write Prepare(Step step)
    {
        var attributes = ScalarAttributes(step);
        var metadata = MetadataUpsert.Changes(step.Metadata, "step.metadata");
        var all = new Dictionary<string, AttributeValue>(attributes, StringComparer.Ordinal)
        {
            [Metadata] = new() { M = MetadataUpsert.WholeMap(metadata) },
        };
        foreach (var (k, v) in Key(step.ThreadId, step.Id))
        {
            all[k] = v;
        }

        DynamoDbGateway.EnsureFits(all, "step", step.Id);
        return new Write(attributes, metadata);
    }

    /// <summary>
    /// The step upsert of <c>CreateStepAsync</c> and <c>UpdateStepAsync</c>: SET only the members the step gives
    /// (<see cref="ScalarAttributes"/>), metadata merged key by key, so neither a late create nor a partial update
    /// erases anything; <c>createdAt</c> as given, else the first writer's time.
    /// </summary>
    public static MetadataUpsert Upsert(Step step, Write write, bool mapLikelyExists, DateTimeOffset now) => new()
    {
        Key = Key(step.ThreadId, step.Id),
        SetCommon = u =>
        {
            foreach (var (name, value) in write.Attributes)
            {
                if (name != CreatedAt)
                {
                    u.Set(name, value);
                }
            }

            // A given creation time is written as given; otherwise the first writer's time stays.
            if (write.Attributes.TryGetValue(CreatedAt, out var createdAt))
            {
                u.Set(CreatedAt, createdAt);
            }
            else
            {
                u.SetIfNotExists(CreatedAt, new AttributeValue { S = ChainlitTimestamp.Format(now) });
            }
        },
        MetadataChanges = write.Metadata,
        MapLikelyExists = mapLikelyExists,
        EntityType = "step",
        EntityId = step.Id,
    };

    /// <summary>Sets the step's <c>feedback</c> map, only if the step exists (no phantom step).</summary>
    public static UpdateItemRequest SetFeedback(Feedback feedback, string feedbackId)
    {
        var u = new UpdateBuilder().Set(FeedbackAttribute, FeedbackToAttribute(feedback, feedbackId));
        return u.ToRequest(Key(feedback.ThreadId!, feedback.ForId!), $"attribute_exists({u.Name(TableKeys.SortKey)})");
    }

    /// <summary>Removes the step's <c>feedback</c> map, only if there is one (never creates an item).</summary>
    public static UpdateItemRequest RemoveFeedback(string threadId, string stepId)
    {
        // Conditional on the step, not on its feedback: the answer must not depend on whether an earlier attempt
        // whose response was lost already removed it (see RatingsMarker.UnrateAsync).
        var u = new UpdateBuilder().Remove(FeedbackAttribute);
        return u.ToRequest(Key(threadId, stepId), $"attribute_exists({u.Name(TableKeys.SortKey)})");
    }

    /// <summary>Sets or removes <c>metadata.favorite</c> of an existing step, returning the whole new item.</summary>
    public static MetadataUpsert FavoriteFlag(string threadId, string stepId, bool favorite) => new()
    {
        Key = Key(threadId, stepId),
        SetCommon = _ => { },
        MetadataChanges = new(StringComparer.Ordinal) { [FavoriteKey] = favorite ? new AttributeValue { BOOL = true } : null },
        MapLikelyExists = true,
        ItemMustExistCondition = $"attribute_exists({TableKeys.SortKey})",
        ReturnValues = ReturnValue.ALL_NEW,
        EntityType = "step",
        EntityId = stepId,
    };

    public static bool IsFavorite(Step step) =>
        step.Metadata is { } metadata && metadata.TryGetPropertyValue(FavoriteKey, out var flag) &&
        flag is JsonValue value && value.TryGetValue<bool>(out var isFavorite) && isFavorite;

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
