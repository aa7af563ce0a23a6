using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <inheritdoc />
    /// <remarks>
    /// With content (or a local <see cref="Element.Path"/>): a GetItem for the thread's owner, the upload to the
    /// storage client, then a PutItem; if the PutItem fails the uploaded file is deleted again. Without content:
    /// one PutItem that stores the element as a link (<see cref="Element.Url"/>) or as an object stored elsewhere.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Content is given but no storage client is configured.</exception>
    public async Task<Element> CreateElementAsync(Element element, Stream? content = null, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("CreateElement", element?.ThreadId, element?.Id);
        try
        {
            return await CreateElementCoreAsync(element!, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<Element> CreateElementCoreAsync(Element element, Stream? content = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(element);
        TableKeys.ValidateId(element.Id, nameof(element));
        TableKeys.ValidateId(element.ThreadId, nameof(element));
        if (string.IsNullOrWhiteSpace(element.Type))
        {
            throw new ArgumentException("Element.Type is required.", nameof(element));
        }

        Log.Operation(_logger, "CreateElement", element.ThreadId, element.Id);
        var download = content is null && string.IsNullOrEmpty(element.Path) && ShouldDownload(element.Url);
        var hasFile = content is not null || !string.IsNullOrEmpty(element.Path) || download;
        if (hasFile && _storage is null)
        {
            throw new InvalidOperationException(
                "The element has content (or a local path) but no storage client is configured; add one (S3, Azure Blob) to store files.");
        }

        if (!hasFile)
        {
            var linkItem = ElementItems.ToItem(element);
            EnsureFits(linkItem, "element", element.Id);
            await _db.PutItemAsync(new PutItemRequest { TableName = _table, Item = linkItem }, cancellationToken).ConfigureAwait(false);
            return ElementItems.FromItem(linkItem);
        }

        // Checked before the upload so an oversized element uploads nothing (the URL adds at most a few KB).
        EnsureFits(ElementItems.ToItem(element), "element", element.Id);
        var owner = await ReadThreadOwnerAsync(element.ThreadId, cancellationToken).ConfigureAwait(false);
        var objectKey = ObjectKeys.For(owner, element.ThreadId, element.Id);
        var mime = MimeTypes.Resolve(element.Mime, element.Name);

        StoredObject stored;
        if (download)
        {
            stored = await UploadRemoteAsync(element.Url!, objectKey, mime, cancellationToken).ConfigureAwait(false);
        }
        else if (content is not null)
        {
            stored = await _storage!.UploadFileAsync(objectKey, content, mime, overwrite: true, contentDisposition: null, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            var file = new FileStream(element.Path!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                stored = await _storage!.UploadFileAsync(objectKey, file, mime, overwrite: true, contentDisposition: null, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        var saved = new Element
        {
            Id = element.Id,
            ThreadId = element.ThreadId,
            ForId = element.ForId,
            Type = element.Type,
            Name = element.Name,
            Display = element.Display,
            Size = element.Size,
            Language = element.Language,
            Page = element.Page,
            Props = element.Props,
            AutoPlay = element.AutoPlay,
            PlayerConfig = element.PlayerConfig,
            Mime = mime,
            ChainlitKey = element.ChainlitKey,
            Url = stored.Url,
            ObjectKey = stored.ObjectKey,
        };
        try
        {
            await _db.PutItemAsync(new PutItemRequest { TableName = _table, Item = ElementItems.ToItem(saved) }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception)
        {
            // No element pointing at nothing, no file without an element: take the upload back, even if cancelled.
            try
            {
                await _storage!.DeleteFileAsync(stored.ObjectKey, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception cleanup) when (cleanup is not OperationCanceledException)
            {
                Log.OrphanCleanupFailed(_logger, stored.ObjectKey, cleanup);
            }

            throw;
        }

        return saved;
    }

    /// <inheritdoc />
    /// <remarks>One GetItem; the URL of a stored file is signed afresh, locally.</remarks>
    public async Task<Element?> GetElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("GetElement", threadId, elementId);
        try
        {
            return await GetElementCoreAsync(threadId, elementId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<Element?> GetElementCoreAsync(string threadId, string elementId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(threadId, nameof(threadId));
        TableKeys.ValidateId(elementId, nameof(elementId));
        Log.Operation(_logger, "GetElement", threadId, elementId);
        var response = await _db.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = TableKeys.ElementKey(threadId, elementId), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item
            ? await WithReadUrlAsync(ElementItems.FromItem(item), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A GetItem for the object key, the storage delete, then the DeleteItem: the file goes first so that a
    /// failure leaves the element (and its reference to the file) in place for a retry.
    /// </remarks>
    public async Task DeleteElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("DeleteElement", threadId, elementId);
        try
        {
            await DeleteElementCoreAsync(threadId, elementId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task DeleteElementCoreAsync(string threadId, string elementId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(threadId, nameof(threadId));
        TableKeys.ValidateId(elementId, nameof(elementId));
        Log.Operation(_logger, "DeleteElement", threadId, elementId);
        var key = TableKeys.ElementKey(threadId, elementId);
        if (_storage is not null)
        {
            var response = await _db.GetItemAsync(new GetItemRequest
            {
                TableName = _table,
                Key = key,
                ProjectionExpression = "#ok",
                ExpressionAttributeNames = new() { ["#ok"] = ElementItems.ObjectKey },
                ConsistentRead = true,
            }, cancellationToken).ConfigureAwait(false);
            if (response.Item is not { Count: > 0 })
            {
                return;
            }

            if (ItemReader.String(response.Item, ElementItems.ObjectKey) is { Length: > 0 } objectKey)
            {
                await _storage.DeleteFileAsync(objectKey, cancellationToken).ConfigureAwait(false);
            }
        }

        await _db.DeleteItemAsync(new DeleteItemRequest { TableName = _table, Key = key }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the URL may be fetched under <see cref="DynamoDbDataLayerOptions.RemoteFiles"/>.</summary>
    private bool ShouldDownload(string? url)
    {
        var remote = _options.RemoteFiles;
        if (!remote.Enabled || string.IsNullOrEmpty(url))
        {
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
            !(uri.Scheme == Uri.UriSchemeHttps || (remote.AllowHttp && uri.Scheme == Uri.UriSchemeHttp)) ||
            !remote.AllowedHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            // Not allowed: stored as a link, as with downloads off. Never fetched.
            return false;
        }

        return true;
    }

    private async Task<StoredObject> UploadRemoteAsync(string url, string objectKey, string mime, CancellationToken cancellationToken)
    {
        var remote = _options.RemoteFiles;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(remote.Timeout);
        // Redirects are not followed: a redirect could lead to a host that is not allowed.
        using var response = await DownloadClient.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DataLayerException($"Downloading the element's URL failed with HTTP {(int)response.StatusCode}; nothing was stored.");
        }

        if (response.Content.Headers.ContentLength > remote.MaxBytes)
        {
            throw new DataLayerException($"The element's URL serves {response.Content.Headers.ContentLength} bytes, over the {remote.MaxBytes} allowed; nothing was stored.");
        }

        var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var limited = new Internal.LengthLimitedStream(body, remote.MaxBytes);
            await using (limited.ConfigureAwait(false))
            {
                return await _storage!.UploadFileAsync(objectKey, limited, mime, overwrite: true, contentDisposition: null, timeout.Token)
                    .ConfigureAwait(false);
            }
        }
    }

    private static readonly HttpClient DownloadClient = new(new SocketsHttpHandler { AllowAutoRedirect = false }, disposeHandler: true);

    private async Task<Element> WithReadUrlAsync(Element element, CancellationToken cancellationToken)
    {
        if (_storage is not null && !string.IsNullOrEmpty(element.ObjectKey))
        {
            element.Url = await _storage.GetReadUrlAsync(element.ObjectKey, null, cancellationToken).ConfigureAwait(false);
        }

        return element;
    }
}
