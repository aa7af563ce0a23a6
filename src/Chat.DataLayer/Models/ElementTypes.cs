namespace Chat.DataLayer;

/// <summary>The element types Chainlit knows. <see cref="Element.Type"/> is a plain string so unknown types round-trip.</summary>
public static class ElementTypes
{
    /// <summary>An image.</summary>
    public const string Image = "image";

    /// <summary>A text.</summary>
    public const string Text = "text";

    /// <summary>A PDF document.</summary>
    public const string Pdf = "pdf";

    /// <summary>A task list.</summary>
    public const string TaskList = "tasklist";

    /// <summary>An audio clip.</summary>
    public const string Audio = "audio";

    /// <summary>A video.</summary>
    public const string Video = "video";

    /// <summary>Any other file.</summary>
    public const string File = "file";

    /// <summary>A Plotly chart.</summary>
    public const string Plotly = "plotly";

    /// <summary>A data frame.</summary>
    public const string DataFrame = "dataframe";

    /// <summary>A custom element.</summary>
    public const string Custom = "custom";
}
