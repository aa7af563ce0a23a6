namespace Chat.DataLayer.DynamoDb;

/// <summary>
/// Whether <see cref="DynamoDbDataLayer.CreateElementAsync"/> may download an element's remote <see cref="Element.Url"/>
/// into storage. Off by default: fetching URLs a client supplied is a server-side request forgery risk, so only
/// the listed hosts are fetched, over HTTPS unless allowed otherwise, up to a size limit.
/// </summary>
public sealed class RemoteFileOptions
{
    /// <summary>
    /// The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that downloads remote URLs when the data
    /// layer is registered with <c>AddDynamoDbDataLayer</c>; configure it with
    /// <c>services.AddHttpClient(RemoteFileOptions.HttpClientName)</c> (a proxy, headers, handlers). Its primary
    /// handler does not follow redirects; a redirect that a replaced handler follows to a host that is not allowed
    /// fails the download.
    /// </summary>
    public const string HttpClientName = "Chat.DataLayer.RemoteFiles";

    /// <summary>Whether remote URLs are downloaded at all. Default <see langword="false"/>: the element is stored as a link.</summary>
    public bool Enabled { get; set; }

    /// <summary>Host names that may be fetched (exact, case-insensitive). Empty: none.</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Whether plain <c>http://</c> URLs may be fetched. Default <see langword="false"/>.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>The largest download accepted, in bytes. Default 20 MB.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long a download may take. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
