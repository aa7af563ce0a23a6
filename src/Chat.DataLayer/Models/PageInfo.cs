using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>Where a page stands in its list.</summary>
/// <param name="HasNextPage">Whether another page with at least one item follows.</param>
/// <param name="StartCursor">The cursor this page was read from.</param>
/// <param name="EndCursor">The cursor to pass for the next page (opaque).</param>
public sealed record PageInfo(
    [property: JsonPropertyName("hasNextPage")] bool HasNextPage,
    [property: JsonPropertyName("startCursor")] string? StartCursor,
    [property: JsonPropertyName("endCursor")] string? EndCursor);
