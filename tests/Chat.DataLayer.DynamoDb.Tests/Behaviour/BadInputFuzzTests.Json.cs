using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>CLR-typed <see cref="JsonValue"/>s store as the JSON they serialize to.</summary>
public sealed partial class BadInputFuzzTests
{
    public static TheoryData<string> ClrValues() =>
    [
        "DateTime", "DateTimeOffset", "Guid", "char", "TimeSpan", "byte", "sbyte", "short", "ushort", "int", "uint",
        "long", "ulong", "decimal", "float", "double", "Int128", "Half", "int[]", "nested",
    ];

    private static JsonNode? ClrValue(string kind) => kind switch
    {
        "DateTime" => new DateTime(2025, 3, 1, 9, 30, 15, 123, DateTimeKind.Utc),
        "DateTimeOffset" => new DateTimeOffset(2025, 3, 1, 9, 30, 15, TimeSpan.FromHours(2)),
        "Guid" => Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
        "char" => 'é',
        "TimeSpan" => JsonValue.Create(TimeSpan.FromMinutes(90)),
        "byte" => (byte)255,
        "sbyte" => (sbyte)-128,
        "short" => short.MinValue,
        "ushort" => ushort.MaxValue,
        "int" => int.MinValue,
        "uint" => uint.MaxValue,
        "long" => long.MaxValue,
        "ulong" => ulong.MaxValue,
        "decimal" => decimal.MaxValue,
        "float" => 0.1f,
        "double" => 0.1,
        "Int128" => JsonValue.Create(Int128.Parse("-12345678901234567890123456789012345678")),
        "Half" => JsonValue.Create((Half)1.5),
        "int[]" => JsonValue.Create(new[] { 1, 2, 3 }),
        "nested" => new JsonArray(DateTime.UnixEpoch, Guid.Empty, new JsonObject { ["c"] = 'x', ["n"] = 12.5m }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
    };

    [Theory]
    [MemberData(nameof(ClrValues))]
    public async Task ClrTypedJsonValue_IsStoredAsTheJsonItSerializesTo(string kind)
    {
        var threadId = NewId("t-");
        var expected = Normalize(ClrValue(kind));

        await Layer.UpdateThreadAsync(threadId, metadata: new JsonObject { ["v"] = ClrValue(kind) }, cancellationToken: Ct);
        var step = await CreateStepAsync(threadId, metadata: new JsonObject { ["v"] = ClrValue(kind) });
        await Layer.CreateUserAsync(new User { Identifier = "u-" + threadId, Metadata = new JsonObject { ["v"] = ClrValue(kind) } }, Ct);

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        Assert.Equal(expected, Normalize(thread!.Metadata!["v"]));
        Assert.Equal(expected, Normalize(Assert.Single(thread.Steps!).Metadata!["v"]));
        Assert.Equal(expected, Normalize((await Layer.GetUserAsync("u-" + threadId, Ct))!.Metadata!["v"]));
        Assert.Equal(step.Id, thread.Steps![0].Id);
    }

    /// <summary>The JSON text of a value, with the same (relaxed) escaping on both sides of a comparison.</summary>
    private static string Normalize(JsonNode? node) =>
        JsonSerializer.Serialize(JsonNode.Parse(node!.ToJsonString()), new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
