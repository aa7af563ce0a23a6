using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>Which threads to list.</summary>
/// <param name="UserId">The owner whose threads to list.</param>
/// <param name="Search">A case-insensitive substring of the thread name, or <see langword="null"/>.</param>
/// <param name="Feedback">0 or 1: only threads with at least one step rated that way; <see langword="null"/> for all.</param>
public sealed record ThreadFilter(
    [property: JsonPropertyName("userId")] string? UserId = null,
    [property: JsonPropertyName("search")] string? Search = null,
    [property: JsonPropertyName("feedback")] int? Feedback = null);
