using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>
/// One step of a thread: a message, a run, a tool call, an LLM call. Members left <see langword="null"/> are
/// "not given": they are neither written nor cleared.
/// </summary>
public sealed class Step
{
    /// <summary>The step's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; set; }

    /// <summary>The thread the step belongs to.</summary>
    [JsonPropertyName("threadId")]
    public required string ThreadId { get; set; }

    /// <summary>The parent step's id, for nested steps.</summary>
    [JsonPropertyName("parentId")]
    public string? ParentId { get; set; }

    /// <summary>The step's name (the author, for messages).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The step's type; see <see cref="StepTypes"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The command the step ran, if any.</summary>
    [JsonPropertyName("command")]
    public string? Command { get; set; }

    /// <summary>Modes selected when the step was made (mode id to option id).</summary>
    [JsonPropertyName("modes")]
    public IReadOnlyDictionary<string, string>? Modes { get; set; }

    /// <summary>Whether the step's output is still streaming.</summary>
    [JsonPropertyName("streaming")]
    public bool? Streaming { get; set; }

    /// <summary>Whether the step waits for the user's answer.</summary>
    [JsonPropertyName("waitForAnswer")]
    public bool? WaitForAnswer { get; set; }

    /// <summary>Whether the step ended in an error.</summary>
    [JsonPropertyName("isError")]
    public bool? IsError { get; set; }

    /// <summary>Application-defined data; <c>favorite: true</c> marks a favourite.</summary>
    [JsonPropertyName("metadata")]
    public JsonObject? Metadata { get; set; }

    /// <summary>The step's tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string>? Tags { get; set; }

    /// <summary>The step's input.</summary>
    [JsonPropertyName("input")]
    public string? Input { get; set; }

    /// <summary>The step's output.</summary>
    [JsonPropertyName("output")]
    public string? Output { get; set; }

    /// <summary>When the step was created.</summary>
    [JsonPropertyName("createdAt")]
    [JsonConverter(typeof(ChainlitTimestampJsonConverter))]
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>When the step started.</summary>
    [JsonPropertyName("start")]
    [JsonConverter(typeof(ChainlitTimestampJsonConverter))]
    public DateTimeOffset? Start { get; set; }

    /// <summary>When the step ended.</summary>
    [JsonPropertyName("end")]
    [JsonConverter(typeof(ChainlitTimestampJsonConverter))]
    public DateTimeOffset? End { get; set; }

    /// <summary>The LLM generation the step recorded (prompt, completion, token counts, ...).</summary>
    [JsonPropertyName("generation")]
    public JsonObject? Generation { get; set; }

    /// <summary>Whether to show the input: a flag, or the language to highlight it in.</summary>
    [JsonPropertyName("showInput")]
    public ShowInput? ShowInput { get; set; }

    /// <summary>Whether the step is expanded by default.</summary>
    [JsonPropertyName("defaultOpen")]
    public bool? DefaultOpen { get; set; }

    /// <summary>Whether the step collapses once done.</summary>
    [JsonPropertyName("autoCollapse")]
    public bool? AutoCollapse { get; set; }

    /// <summary>The language of the output, for highlighting.</summary>
    [JsonPropertyName("language")]
    public string? Language { get; set; }

    /// <summary>An icon to show with the step.</summary>
    [JsonPropertyName("icon")]
    public string? Icon { get; set; }

    /// <summary>The feedback given on the step, when read back.</summary>
    [JsonPropertyName("feedback")]
    public Feedback? Feedback { get; set; }
}
