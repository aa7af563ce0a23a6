using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>A stored user.</summary>
public sealed class PersistedUser
{
    /// <summary>The user's id, as the data layer stores it (it may equal <see cref="Identifier"/>, as Chainlit's layouts do).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    /// <summary>The user's unique identifier.</summary>
    [JsonPropertyName("identifier")]
    public required string Identifier { get; set; }

    /// <summary>A name to show, if any.</summary>
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; set; }

    /// <summary>Application-defined data about the user.</summary>
    [JsonPropertyName("metadata")]
    public JsonObject Metadata { get; set; } = [];

    /// <summary>When the user was first stored.</summary>
    [JsonPropertyName("createdAt")]
    [JsonConverter(typeof(ChainlitTimestampJsonConverter))]
    public DateTimeOffset CreatedAt { get; set; }
}
