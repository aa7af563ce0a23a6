using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AI.Internal;

/// <summary>
/// The exact form of a <see cref="ChatMessage"/>: its <see cref="AIJsonUtilities.DefaultOptions"/> JSON, with content of
/// a <c>$type</c> this version does not know kept as it was.
/// </summary>
internal static class MessageJson
{
    private static JsonSerializerOptions Options => AIJsonUtilities.DefaultOptions;

    /// <summary>Serializes a message; unknown content read earlier (see <see cref="Deserialize"/>) is written back as it was.</summary>
    public static JsonObject Serialize(ChatMessage message)
    {
        var shell = new ChatMessage(message.Role, (IList<AIContent>)[])
        {
            AuthorName = message.AuthorName,
            CreatedAt = message.CreatedAt,
            MessageId = message.MessageId,
            AdditionalProperties = message.AdditionalProperties,
        };
        var node = JsonSerializer.SerializeToNode(shell, Options.GetTypeInfo(typeof(ChatMessage)))!.AsObject();
        var contents = new JsonArray();
        foreach (var content in message.Contents)
        {
            contents.Add(SerializeContent(content));
        }

        node["contents"] = contents;
        return node;
    }

    /// <summary>Reads a message; content whose <c>$type</c> is unknown becomes a plain <see cref="AIContent"/> holding the JSON.</summary>
    public static ChatMessage Deserialize(JsonObject node)
    {
        var copy = node.DeepClone().AsObject();
        var contents = copy["contents"] as JsonArray;
        copy.Remove("contents");
        var message = (ChatMessage)JsonSerializer.Deserialize(copy, Options.GetTypeInfo(typeof(ChatMessage)))!;
        var list = new List<AIContent>();
        foreach (var item in contents ?? [])
        {
            if (item is null)
            {
                continue;
            }

            list.Add(DeserializeContent(item));
        }

        message.Contents = list;
        return message;
    }

    private static JsonNode SerializeContent(AIContent content)
    {
        if (content.GetType() == typeof(AIContent)
            && content.RawRepresentation is JsonElement { ValueKind: JsonValueKind.Object } raw
            && raw.TryGetProperty("$type", out _))
        {
            return JsonNode.Parse(raw.GetRawText())!;
        }

        try
        {
            return JsonSerializer.SerializeToNode(content, Options.GetTypeInfo(typeof(AIContent)))!;
        }
        catch (NotSupportedException ex)
        {
            throw new ArgumentException(
                $"The content type '{content.GetType().FullName}' cannot be serialized with AIJsonUtilities.DefaultOptions, so it cannot be stored.",
                "messages", ex);
        }
    }

    private static AIContent DeserializeContent(JsonNode item)
    {
        try
        {
            return (AIContent)JsonSerializer.Deserialize(item, Options.GetTypeInfo(typeof(AIContent)))!;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // A $type from a newer Microsoft.Extensions.AI (or a custom one): keep the JSON so it is written back as it was.
            return new AIContent { RawRepresentation = JsonSerializer.Deserialize<JsonElement>(item.ToJsonString()) };
        }
    }
}
