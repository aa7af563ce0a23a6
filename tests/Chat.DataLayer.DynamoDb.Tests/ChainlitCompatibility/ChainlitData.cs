using System.Text.Json;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// The items Chainlit's Python DynamoDB layer left in its table (TestData/chainlit/chainlit-items.json, see the README
/// there) and the calls it answered (chainlit-returns.json), parsed once.
/// </summary>
internal static class ChainlitData
{
    private static readonly Lazy<JsonDocument> ItemsDocument = new(() => Load("chainlit-items.json"));
    private static readonly Lazy<JsonDocument> ReturnsDocument = new(() => Load("chainlit-returns.json"));

    /// <summary>Every item, in DynamoDB JSON, sorted by PK then SK.</summary>
    public static IReadOnlyList<JsonElement> Items => [.. ItemsDocument.Value.RootElement.EnumerateArray()];

    /// <summary>Every call Chainlit's layer answered, in order.</summary>
    public static IReadOnlyList<JsonElement> Calls => [.. ReturnsDocument.Value.RootElement.GetProperty("calls").EnumerateArray()];

    public static IEnumerable<JsonElement> Users => Items.Where(i => Sk(i) == "USER");

    public static IEnumerable<JsonElement> Threads => Items.Where(i => Sk(i) == "THREAD");

    public static IEnumerable<JsonElement> Steps => Items.Where(i => Sk(i).StartsWith("STEP#", StringComparison.Ordinal));

    public static IEnumerable<JsonElement> Elements => Items.Where(i => Sk(i).StartsWith("ELEMENT#", StringComparison.Ordinal));

    public static string Pk(JsonElement item) => S(item, "PK")!;

    public static string Sk(JsonElement item) => S(item, "SK")!;

    /// <summary>The entity kind of an item: USER, THREAD, STEP or ELEMENT (the SK up to its '#').</summary>
    public static string Kind(string sk) => sk.Split('#')[0];

    /// <summary>A string attribute; <see langword="null"/> when missing or NULL.</summary>
    public static string? S(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.TryGetProperty("S", out var s) ? s.GetString() : null;

    public static bool? Bool(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.TryGetProperty("BOOL", out var b) ? b.GetBoolean() : null;

    public static bool IsNull(JsonElement item, string name) =>
        !item.TryGetProperty(name, out var value) || value.TryGetProperty("NULL", out _);

    public static JsonElement? Get(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value : null;

    private static JsonDocument Load(string file) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "chainlit", file)));
}
