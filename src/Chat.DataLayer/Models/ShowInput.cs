using System.Text.Json.Serialization;

namespace Chat.DataLayer;

/// <summary>
/// Chainlit's <c>showInput</c>: either a flag or the name of a language to highlight the input in.
/// Round-trips with its kind: a flag stays a boolean, a language stays a string.
/// </summary>
[JsonConverter(typeof(ShowInputJsonConverter))]
public sealed record ShowInput
{
    private ShowInput(bool? flag, string? language)
    {
        Flag = flag;
        Language = language;
    }

    /// <summary>The flag, when the value is a boolean; otherwise <see langword="null"/>.</summary>
    public bool? Flag { get; }

    /// <summary>The language name, when the value is a string; otherwise <see langword="null"/>.</summary>
    public string? Language { get; }

    /// <summary>Whether the value is a language name rather than a flag.</summary>
    public bool IsLanguage => Language is not null;

    /// <summary>Whether the input is shown at all (a language implies it is).</summary>
    public bool IsShown => Language is not null || Flag == true;

    /// <summary>A boolean value.</summary>
    /// <param name="show">Whether to show the input.</param>
    public static ShowInput FromBoolean(bool show) => new(show, null);

    /// <summary>A language value.</summary>
    /// <param name="language">The language to highlight the input in.</param>
    public static ShowInput FromLanguage(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return new(null, language);
    }

    /// <summary>Converts a flag.</summary>
    /// <param name="show">Whether to show the input.</param>
    public static implicit operator ShowInput(bool show) => FromBoolean(show);

    /// <summary>Converts a language name.</summary>
    /// <param name="language">The language to highlight the input in.</param>
    public static implicit operator ShowInput(string language) => FromLanguage(language);

    /// <inheritdoc />
    public override string ToString() => Language ?? (Flag == true ? "true" : "false");
}
