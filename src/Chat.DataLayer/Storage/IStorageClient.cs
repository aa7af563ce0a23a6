namespace Chat.DataLayer;

/// <summary>
/// Object storage for element files (S3, Azure Blob, ...). Implementations are thread-safe, never swallow
/// failures and never dispose a service client they were given.
/// </summary>
public interface IStorageClient : IAsyncDisposable
{
    /// <summary>Uploads a file from a stream.</summary>
    /// <param name="objectKey">The object's key (path) in the bucket or container.</param>
    /// <param name="content">The bytes to upload; read once, not buffered twice.</param>
    /// <param name="mime">The content type.</param>
    /// <param name="overwrite">Whether an existing object may be replaced.</param>
    /// <param name="contentDisposition">An optional Content-Disposition header.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object with a signed read URL.</returns>
    /// <exception cref="StorageObjectExistsException"><paramref name="overwrite"/> is false and the object exists.</exception>
    /// <exception cref="StorageException">The store failed.</exception>
    Task<StoredObject> UploadFileAsync(string objectKey, Stream content, string mime = "application/octet-stream",
        bool overwrite = true, string? contentDisposition = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object.</summary>
    /// <param name="objectKey">The object's key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the object was deleted, <see langword="false"/> when it did not exist.</returns>
    Task<bool> DeleteFileAsync(string objectKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes many objects in as few requests as the store allows.</summary>
    /// <param name="objectKeys">The keys to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many objects were deleted (or already absent, where the store cannot tell).</returns>
    Task<int> DeleteFilesAsync(IEnumerable<string> objectKeys, CancellationToken cancellationToken = default);

    /// <summary>Builds a signed, expiring read URL for an object. Signing is local: no request is sent.</summary>
    /// <param name="objectKey">The object's key.</param>
    /// <param name="expiresIn">How long the URL stays valid; the client's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string> GetReadUrlAsync(string objectKey, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default);
}
