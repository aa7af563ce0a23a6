using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>Writes timestamps as Chainlit does (UTC with <c>Z</c>, six-digit fraction) and reads any ISO 8601 form.</summary>
public sealed class ChainlitTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return ChainlitTimestamp.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an ISO 8601 timestamp.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ChainlitTimestamp.Format(value));
    }
}
