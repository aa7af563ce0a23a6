namespace Chat.DataLayer.DynamoDb.Files;

/// <summary>
/// Downloads an element's remote URL for storing, under <see cref="RemoteFileOptions"/>: only listed hosts, HTTPS
/// unless allowed otherwise, no redirects followed (a redirect could leave the allowed hosts), at most
/// <see cref="RemoteFileOptions.MaxBytes"/> (checked against Content-Length and again while streaming) within
/// <see cref="RemoteFileOptions.Timeout"/>. A URL that is not allowed is never fetched.
/// </summary>
/// <param name="options">The rules.</param>
/// <param name="httpClient">Gives the client of one download: the host's (an <c>IHttpClientFactory</c> named client,
/// or one passed to the data layer), else one the data layer owns.</param>
internal sealed class RemoteFileFetcher(RemoteFileOptions options, Func<HttpClient> httpClient)
{
    /// <summary>A client that does not follow redirects, for a data layer given none.</summary>
    public static HttpClient CreateDefaultClient() => new(CreatePrimaryHandler(), disposeHandler: true);

    /// <summary>The handler under every download client: redirects are not followed.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new() { AllowAutoRedirect = false };

    /// <summary>Whether the URL may be fetched; when not, the element is stored as a link, as with downloads off.</summary>
    public bool IsAllowed(string? url)
    {
        if (!options.Enabled || string.IsNullOrEmpty(url))
        {
            return false;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
            (uri.Scheme == Uri.UriSchemeHttps || (options.AllowHttp && uri.Scheme == Uri.UriSchemeHttp)) &&
            options.AllowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Streams the URL's body, size-limited, into <paramref name="store"/>.</summary>
    /// <exception cref="DataLayerException">The server answered with an error or with too many bytes; nothing was stored.</exception>
    public async Task<StoredObject> FetchAsync(string url, Func<Stream, CancellationToken, Task<StoredObject>> store,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var response = await httpClient().GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            .ConfigureAwait(false);
        if (response.RequestMessage?.RequestUri is { } final && !IsAllowed(final.AbsoluteUri))
        {
            // Only when a host-configured handler followed a redirect: never store what another host served.
            throw new DataLayerException("Downloading the element's URL was redirected to a host that is not allowed; nothing was stored.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new DataLayerException($"Downloading the element's URL failed with HTTP {(int)response.StatusCode}; nothing was stored.");
        }

        if (response.Content.Headers.ContentLength > options.MaxBytes)
        {
            throw new DataLayerException($"The element's URL serves {response.Content.Headers.ContentLength} bytes, over the {options.MaxBytes} allowed; nothing was stored.");
        }

        var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var limited = new LengthLimitedStream(body, options.MaxBytes);
            await using (limited.ConfigureAwait(false))
            {
                return await store(limited, timeout.Token).ConfigureAwait(false);
            }
        }
    }
}
