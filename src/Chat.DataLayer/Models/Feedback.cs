using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>A user's rating of a step: thumbs down (0) or up (1), with an optional comment.</summary>
public sealed class Feedback
{
    /// <summary>The feedback's id, set by the data layer; <see cref="FeedbackId"/> reads the thread and step out of it.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>The rated step's id.</summary>
    [JsonPropertyName("forId")]
    public required string ForId { get; set; }

    /// <summary>The rated step's thread id (required to store feedback).</summary>
    [JsonPropertyName("threadId")]
    public string? ThreadId { get; set; }

    /// <summary>The rating: 0 or 1.</summary>
    [JsonPropertyName("value")]
    public int Value { get; set; }

    /// <summary>An optional comment.</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; set; }
}
