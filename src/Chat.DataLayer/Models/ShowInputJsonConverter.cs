using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>Reads and writes <see cref="ShowInput"/> as a JSON boolean or string.</summary>
public sealed class ShowInputJsonConverter : JsonConverter<ShowInput>
{
    /// <inheritdoc />
    public override ShowInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.True => ShowInput.FromBoolean(true),
            JsonTokenType.False => ShowInput.FromBoolean(false),
            JsonTokenType.String => ShowInput.FromLanguage(reader.GetString()!),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"showInput must be a boolean or a string, not {reader.TokenType}."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ShowInput value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Language is { } language)
        {
            writer.WriteStringValue(language);
        }
        else
        {
            writer.WriteBooleanValue(value.Flag == true);
        }
    }
}
