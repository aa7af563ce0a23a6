using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Data">The page's items.</param>
/// <param name="PageInfo">Where the page stands.</param>
public sealed record PaginatedResponse<T>(
    [property: JsonPropertyName("data")] IReadOnlyList<T> Data,
    [property: JsonPropertyName("pageInfo")] PageInfo PageInfo);
