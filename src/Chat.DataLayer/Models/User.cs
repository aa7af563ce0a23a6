using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>A user as the application knows it before it is persisted.</summary>
public sealed class User
{
    /// <summary>The user's unique identifier (login name, e-mail address, ...).</summary>
    [JsonPropertyName("identifier")]
    public required string Identifier { get; set; }

    /// <summary>A name to show, if any.</summary>
    [JsonPropertyName("displayName")]
    public string? DisplayName { get; set; }

    /// <summary>Application-defined data about the user.</summary>
    [JsonPropertyName("metadata")]
    public JsonObject Metadata { get; set; } = [];
}
