using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>Which page of a list to read.</summary>
/// <param name="First">How many items the page holds at most (at least 1; bounded by the data layer's maximum).</param>
/// <param name="Cursor">The <see cref="PageInfo.EndCursor"/> of the previous page, or <see langword="null"/> for the first page.</param>
public sealed record Pagination(
    [property: JsonPropertyName("first")] int First,
    [property: JsonPropertyName("cursor")] string? Cursor = null);
