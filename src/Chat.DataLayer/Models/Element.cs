using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>A file or rich content attached to a thread (an image, a PDF, a chart, ...).</summary>
public sealed class Element
{
    /// <summary>The element's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    /// <summary>The thread the element belongs to.</summary>
    [JsonPropertyName("threadId")]
    public required string ThreadId { get; set; }

    /// <summary>The step the element is attached to.</summary>
    [JsonPropertyName("forId")]
    public string? ForId { get; set; }

    /// <summary>The element's type; see <see cref="ElementTypes"/>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = ElementTypes.File;

    /// <summary>The element's name (often a file name).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Where the element is shown: <c>inline</c>, <c>side</c> or <c>page</c>.</summary>
    [JsonPropertyName("display")]
    public string? Display { get; set; }

    /// <summary>The element's size: <c>small</c>, <c>medium</c> or <c>large</c>.</summary>
    [JsonPropertyName("size")]
    public string? Size { get; set; }

    /// <summary>The language of a text element.</summary>
    [JsonPropertyName("language")]
    public string? Language { get; set; }

    /// <summary>The page of a PDF element to show.</summary>
    [JsonPropertyName("page")]
    public int? Page { get; set; }

    /// <summary>Properties of a custom element.</summary>
    [JsonPropertyName("props")]
    public JsonObject? Props { get; set; }

    /// <summary>Whether a media element plays on its own.</summary>
    [JsonPropertyName("autoPlay")]
    public bool? AutoPlay { get; set; }

    /// <summary>The media player's configuration.</summary>
    [JsonPropertyName("playerConfig")]
    public JsonObject? PlayerConfig { get; set; }

    /// <summary>The content type.</summary>
    [JsonPropertyName("mime")]
    public string? Mime { get; set; }

    /// <summary>Chainlit's key for a file it holds in its session.</summary>
    [JsonPropertyName("chainlitKey")]
    public string? ChainlitKey { get; set; }

    /// <summary>A URL to read the element: a link, or a signed URL for a stored file.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary>The key of the stored file in the object store.</summary>
    [JsonPropertyName("objectKey")]
    public string? ObjectKey { get; set; }

    /// <summary>A local file to read the content from (not stored).</summary>
    [JsonPropertyName("path")]
    public string? Path { get; set; }
}
