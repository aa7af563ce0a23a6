using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Layout;
using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.DynamoDb.Files;

/// <summary>
/// Elements and their files: the upload, its compensation when the item write fails, deletes (file first, then the
/// item, so a failure leaves the reference for a retry), the files of a deleted thread, and read URLs.
/// </summary>
internal sealed class ElementFiles(DynamoDbGateway db, IStorageClient? storage, RemoteFileFetcher remote, ILogger logger)
{
    private static readonly string[] ObjectKeyAttribute = [ElementItems.ObjectKey];

    /// <summary>
    /// Without a file: one PutItem storing the element as a link. With content, a local path or an allowed remote
    /// URL: the thread owner (for the object key), the upload, then the PutItem; a failed PutItem takes the upload back.
    /// </summary>
    /// <param name="element">The element.</param>
    /// <param name="content">The file's bytes, if given.</param>
    /// <param name="readOwner">Reads the thread's owner (one GetItem).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<Element> CreateAsync(Element element, Stream? content, Func<string, CancellationToken, Task<string?>> readOwner,
        CancellationToken cancellationToken)
    {
        var download = content is null && string.IsNullOrEmpty(element.Path) && remote.IsAllowed(element.Url);
        var hasFile = content is not null || !string.IsNullOrEmpty(element.Path) || download;
        if (hasFile && storage is null)
        {
            throw new InvalidOperationException(
                "The element has content (or a local path) but no storage client is configured; add one (S3, Azure Blob) to store files.");
        }

        if (!hasFile)
        {
            var linkItem = ElementItems.ToItem(element);
            await db.PutAsync(linkItem, "element", element.Id, cancellationToken).ConfigureAwait(false);
            return ElementItems.FromItem(linkItem);
        }

        // Checked before the upload so an oversized element uploads nothing (the URL adds at most a few KB).
        DynamoDbGateway.EnsureFits(ElementItems.ToItem(element), "element", element.Id);
        var owner = await readOwner(element.ThreadId, cancellationToken).ConfigureAwait(false);
        var objectKey = ObjectKeys.For(owner, element.ThreadId, element.Id);
        var mime = MimeTypes.Resolve(element.Mime, element.Name);
        var stored = await UploadAsync(storage!, element, content, download, objectKey, mime, cancellationToken).ConfigureAwait(false);

        var saved = Copy(element, mime, stored);
        try
        {
            await db.PutItemAsync(new PutItemRequest { Item = ElementItems.ToItem(saved) }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // No element pointing at nothing, no file without an element: take the upload back, even if cancelled.
            try
            {
                await storage!.DeleteFileAsync(stored.ObjectKey, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception cleanup) when (cleanup is not OperationCanceledException)
            {
                DynamoDbDataLayer.Log.OrphanCleanupFailed(logger, stored.ObjectKey, cleanup);
            }

            throw;
        }

        return saved;
    }

    /// <summary>One GetItem; the URL of a stored file is signed afresh, locally.</summary>
    public async Task<Element?> GetAsync(string threadId, string elementId, CancellationToken cancellationToken) =>
        await db.GetAsync(ElementItems.Key(threadId, elementId), null, cancellationToken).ConfigureAwait(false) is { } item
            ? await WithReadUrlAsync(ElementItems.FromItem(item), cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>With a storage client: a GetItem for the object key, the file's delete, then the DeleteItem.</summary>
    public async Task DeleteAsync(string threadId, string elementId, CancellationToken cancellationToken)
    {
        var key = ElementItems.Key(threadId, elementId);
        if (storage is not null)
        {
            var item = await db.GetAsync(key, ObjectKeyAttribute, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return;
            }

            if (ItemReader.String(item, ElementItems.ObjectKey) is { Length: > 0 } objectKey)
            {
                await storage.DeleteFileAsync(objectKey, cancellationToken).ConfigureAwait(false);
            }
        }

        await db.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the files of a thread's element items (one storage batch delete), before the items go.</summary>
    public async Task DeleteThreadFilesAsync(string threadId, IEnumerable<Dictionary<string, AttributeValue>> items,
        CancellationToken cancellationToken)
    {
        var objectKeys = items
            .Where(i => ItemReader.String(i, TableKeys.SortKey)?.StartsWith(ElementItems.Prefix, StringComparison.Ordinal) == true)
            .Select(i => ItemReader.String(i, ElementItems.ObjectKey))
            .OfType<string>()
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (objectKeys.Count == 0)
        {
            return;
        }

        if (storage is null)
        {
            DynamoDbDataLayer.Log.FilesNotDeleted(logger, threadId);
            return;
        }

        await storage.DeleteFilesAsync(objectKeys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs a fresh read URL for an element whose file is in storage.</summary>
    public async Task<Element> WithReadUrlAsync(Element element, CancellationToken cancellationToken)
    {
        if (storage is not null && !string.IsNullOrEmpty(element.ObjectKey))
        {
            element.Url = await storage.GetReadUrlAsync(element.ObjectKey, null, cancellationToken).ConfigureAwait(false);
        }

        return element;
    }

    private async Task<StoredObject> UploadAsync(IStorageClient store, Element element, Stream? content, bool download,
        string objectKey, string mime, CancellationToken cancellationToken)
    {
        Task<StoredObject> Upload(Stream body, CancellationToken ct) =>
            store.UploadFileAsync(objectKey, body, mime, overwrite: true, contentDisposition: null, ct);

        if (download)
        {
            return await remote.FetchAsync(element.Url!, Upload, cancellationToken).ConfigureAwait(false);
        }

        if (content is not null)
        {
            return await Upload(content, cancellationToken).ConfigureAwait(false);
        }

        var file = new FileStream(element.Path!, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            return await Upload(file, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Element Copy(Element element, string mime, StoredObject stored) => new()
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
}
