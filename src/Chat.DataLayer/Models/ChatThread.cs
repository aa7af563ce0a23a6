using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>A conversation: its record, and (when read whole) its steps and elements.</summary>
public sealed class ChatThread
{
    /// <summary>The thread's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    /// <summary>When the thread was created.</summary>
    [JsonPropertyName("createdAt")]
    [JsonConverter(typeof(ChainlitTimestampJsonConverter))]
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The thread's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The owner's user id.</summary>
    [JsonPropertyName("userId")]
    public string? UserId { get; set; }

    /// <summary>The owner's identifier (it may be the same value as <see cref="UserId"/>, depending on the data layer).</summary>
    [JsonPropertyName("userIdentifier")]
    public string? UserIdentifier { get; set; }

    /// <summary>The thread's tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; set; }

    /// <summary>Application-defined data about the thread.</summary>
    [JsonPropertyName("metadata")]
    public JsonObject? Metadata { get; set; }

    /// <summary>The thread's steps ordered by creation time (empty in thread lists).</summary>
    [JsonPropertyName("steps")]
    public IReadOnlyList<Step> Steps { get; set; } = [];

    /// <summary>The thread's elements (empty in thread lists).</summary>
    [JsonPropertyName("elements")]
    public IReadOnlyList<Element> Elements { get; set; } = [];
}
