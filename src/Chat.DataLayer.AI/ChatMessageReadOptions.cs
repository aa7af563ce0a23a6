namespace Chat.DataLayer.AI;

/// <summary>How <see cref="DataLayerChatMessageExtensions.GetChatMessagesAsync(IDataLayer, string, ChatMessageReadOptions, CancellationToken)"/> reads messages.</summary>
public sealed class ChatMessageReadOptions
{
    /// <summary>
    /// Whether to download the bytes of stored files so that each <see cref="Microsoft.Extensions.AI.DataContent"/> comes back
    /// with its data (default <see langword="true"/>, what a model needs). With <see langword="false"/> each one comes back
    /// as a <see cref="Microsoft.Extensions.AI.UriContent"/> holding the element's signed read URL (enough for a transcript
    /// in a UI, and no download).
    /// </summary>
    public bool DownloadData { get; set; } = true;

    /// <summary>
    /// The client that downloads files from their signed read URLs; <see langword="null"/> uses one shared client of this
    /// package (no redirects, 2 minute timeout).
    /// </summary>
    public HttpClient? HttpClient { get; set; }
}
