using Chat.DataLayer;
using ChatApp.Hosting;

namespace ChatApp.Api;

/// <summary>
/// Serves element files through the app (<c>GET /api/threads/{threadId}/elements/{elementId}/content</c>, with the
/// same ownership check as every thread-scoped endpoint) instead of handing the browser the store's signed URL.
/// On by default when the files are in the embedded azurite: its signed URLs point at a loopback port the browser
/// cannot reach behind a port forward, a dev container or a remote machine. <c>ChatApp:ServeFilesThroughApp</c>
/// overrides it either way.
/// </summary>
internal sealed class ElementContent(IConfiguration configuration, BackendPlan plan, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "element-content";

    public bool Enabled { get; } = configuration.GetValue<bool?>("ChatApp:ServeFilesThroughApp") ?? plan.Storage == StorageBackend.Embedded;

    public static string PathFor(string threadId, string elementId) =>
        $"/api/threads/{Uri.EscapeDataString(threadId)}/elements/{Uri.EscapeDataString(elementId)}/content";

    /// <summary>Points the element's URL at the app when <see cref="Enabled"/> (only for files kept in the app's store).</summary>
    public Element Rewrite(Element element)
    {
        if (Enabled && element.ObjectKey is not null)
        {
            element.Url = PathFor(element.ThreadId, element.Id);
        }

        return element;
    }

    public ChatThread Rewrite(ChatThread thread)
    {
        foreach (var element in thread.Elements ?? [])
        {
            Rewrite(element);
        }

        return thread;
    }

    /// <summary>Streams the file from the store (through its signed URL, from the server side) to the browser.</summary>
    public async Task<IResult> GetAsync(HttpContext http, IDataLayer data, string threadId, string elementId, CancellationToken cancellationToken)
    {
        if (await ThreadAccess.CheckAsync(data, threadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        // Only files the app stored (an object key in its store): never fetch an arbitrary URL for a caller.
        var element = await data.GetElementAsync(threadId, elementId, cancellationToken);
        if (element?.ObjectKey is null || element.Url is null || !Uri.TryCreate(element.Url, UriKind.Absolute, out var url))
        {
            return ThreadAccess.NotFound("element file", elementId);
        }

        var client = httpClients.CreateClient(HttpClientName);
        var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        http.Response.RegisterForDispose(response);
        if (!response.IsSuccessStatusCode)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "File storage failed",
                detail: $"The file store answered {(int)response.StatusCode} for element '{elementId}'.");
        }

        http.Response.Headers.CacheControl = "private, max-age=300";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        // Images, audio, video and PDFs display inline; anything else downloads (never rendered as a page of this origin).
        var mime = element.Mime ?? "application/octet-stream";
        var inline = mime.StartsWith("image/", StringComparison.Ordinal) && mime != "image/svg+xml"
            || mime.StartsWith("audio/", StringComparison.Ordinal) || mime.StartsWith("video/", StringComparison.Ordinal)
            || mime == "application/pdf";
        return Results.Stream(stream, inline ? mime : "application/octet-stream",
            fileDownloadName: inline ? null : element.Name ?? "file", enableRangeProcessing: false);
    }
}
