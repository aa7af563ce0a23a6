using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Chat.DataLayer.Storage.AzureBlob.Internal;
using Chat.DataLayer.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.DataLayer.Storage.AzureBlob;

/// <summary>
/// An <see cref="IStorageClient"/> on Azure Blob Storage, through the application's <see cref="BlobServiceClient"/>
/// (which it never disposes). Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Read URLs are SAS URLs. With a shared-key service client (connection string with an account key,
/// <c>StorageSharedKeyCredential</c>) they are service SAS URLs signed locally. With a <c>TokenCredential</c> (managed
/// identity, <c>DefaultAzureCredential</c>) they are user delegation SAS URLs: the client fetches a user delegation key
/// (needs the <c>Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey</c> action at account scope,
/// e.g. the <em>Storage Blob Delegator</em> role), keeps it for a day (longer when a URL must outlive that) and renews
/// it 5 minutes before it expires.
/// </para>
/// <para>
/// <c>overwrite: false</c> is an atomic conditional write (<c>If-None-Match: *</c>).
/// </para>
/// <para>
/// Keys are stored as given, except that keys the Azure SDK would not keep literally are rejected: a <c>.</c> or
/// <c>..</c> path segment (resolved by URL parsing, so <c>a/../b</c> would write <c>b</c>) or a trailing <c>/</c>.
/// </para>
/// </remarks>
public sealed partial class AzureBlobStorageClient : IStorageClient, IStorageHealthProbe, IDisposable
{
    private const int MaxKeysInMessage = 20;
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan DelegationKeyRenewalMargin = TimeSpan.FromMinutes(5);

    private readonly BlobServiceClient _service;
    private readonly BlobContainerClient _container;
    private readonly ILogger _logger;
    private readonly TimeSpan _urlExpiry;
    private readonly bool _createContainer;
    private readonly int _deleteParallelism;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _containerLock = new(1, 1);
    private readonly SemaphoreSlim _delegationKeyLock = new(1, 1);
    private volatile bool _containerReady;
    private volatile UserDelegationKey? _delegationKey;

    /// <summary>Creates the client.</summary>
    /// <param name="service">The application's blob service client: it holds the account endpoint and the credential.
    /// Not disposed by this class.</param>
    /// <param name="options">The settings; validated here, and copied, so later changes have no effect.</param>
    /// <param name="logger">Receives Debug events with object keys (never content).</param>
    /// <exception cref="ArgumentNullException"><paramref name="service"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is invalid (see <see cref="AzureBlobStorageOptions.Validate"/>).</exception>
    public AzureBlobStorageClient(BlobServiceClient service, AzureBlobStorageOptions options, ILogger<AzureBlobStorageClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _service = service;
        _container = service.GetBlobContainerClient(options.ContainerName);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _urlExpiry = options.UrlExpiry;
        _createContainer = options.CreateContainerIfNotExists;
        _deleteParallelism = options.DeleteParallelism;
        _time = options.TimeProvider;
    }

    /// <summary>The container this client writes to.</summary>
    public string ContainerName => _container.Name;

    /// <summary>The container's URL (without any query), for health reports.</summary>
    public string StorageDescription => _container.Uri.GetLeftPart(UriPartial.Path);

    /// <summary>Checks that the container exists (one request).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the container exists.</returns>
    /// <exception cref="StorageException">The check failed, such as 403 for a credential without access.</exception>
    public async Task<bool> StorageExistsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (await _container.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            Log.OperationFailed(_logger, ex, "container check", "", _container.Name);
            throw new StorageException(null, $"Azure Blob container check of '{_container.Name}' failed: {Describe(ex)}.", ex);
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject> UploadFileAsync(string objectKey, Stream content, string mime = "application/octet-stream",
        bool overwrite = true, string? contentDisposition = null, CancellationToken cancellationToken = default)
    {
        var blob = GetBlob(objectKey);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(mime);
        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream must be readable.", nameof(content));
        }

        try
        {
            await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);

            // Like Stream.CopyTo, the upload starts at the stream's current position.
            var counter = content.CanSeek ? null : new CountingReadStream(content);
            var knownSize = content.CanSeek ? content.Length - content.Position : 0;
            var options = new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = mime, ContentDisposition = contentDisposition },
                Conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All },
            };
            var response = await blob.UploadAsync(counter ?? content, options, cancellationToken).ConfigureAwait(false);
            var size = counter?.BytesRead ?? knownSize;
            Log.Uploaded(_logger, objectKey, _container.Name, size);

            var url = await BuildReadUrlAsync(blob, _urlExpiry, cancellationToken).ConfigureAwait(false);
            Chat.DataLayer.Diagnostics.DataLayerTelemetry.RecordStorageUpload("azureblob", size);
            return new StoredObject(objectKey, url, size, response.Value.ETag.ToString(), mime);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (RequestFailedException ex) when (!overwrite && IsAlreadyExists(ex))
        {
            Log.ObjectExists(_logger, objectKey, _container.Name);
            throw new StorageObjectExistsException(objectKey, ex);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("upload", objectKey, ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>Deletes the blob with its snapshots. A missing container also gives <see langword="false"/>.</remarks>
    public async Task<bool> DeleteFileAsync(string objectKey, CancellationToken cancellationToken = default)
    {
        var blob = GetBlob(objectKey);
        try
        {
            var response = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken)
                .ConfigureAwait(false);
            Log.Deleted(_logger, objectKey, _container.Name, response.Value);
            return response.Value;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("delete", objectKey, ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Single-blob deletes, <see cref="AzureBlobStorageOptions.DeleteParallelism"/> at a time (the Blob Batch API is not
    /// used: Azurite does not support it). Returns how many blobs existed and were deleted. When some deletes fail, the
    /// others still run and then a <see cref="StorageException"/> lists the keys that failed.
    /// </remarks>
    public async Task<int> DeleteFilesAsync(IEnumerable<string> objectKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objectKeys);
        var blobs = new List<BlobClient>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in objectKeys)
        {
            var blob = GetBlob(key, nameof(objectKeys));
            if (seen.Add(key))
            {
                blobs.Add(blob);
            }
        }

        if (blobs.Count == 0)
        {
            return 0;
        }

        var deleted = 0;
        var failures = new ConcurrentQueue<(string Key, Exception Error)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _deleteParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(blobs, parallel, async (blob, token) =>
        {
            try
            {
                var response = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, token)
                    .ConfigureAwait(false);
                if (response.Value)
                {
                    Interlocked.Increment(ref deleted);
                }
            }
            catch (Exception ex) when (IsStoreFailure(ex) && !token.IsCancellationRequested)
            {
                failures.Enqueue((blob.Name, ex));
            }
        }).ConfigureAwait(false);

        Log.BatchDeleted(_logger, deleted, blobs.Count, _container.Name);
        if (!failures.IsEmpty)
        {
            var failed = failures.ToArray();
            var listed = string.Join(", ", failed.Take(MaxKeysInMessage).Select(f => $"'{f.Key}' ({Describe(f.Error)})"));
            var more = failed.Length > MaxKeysInMessage ? $" and {failed.Length - MaxKeysInMessage} more" : "";
            Exception inner = failed.Length == 1 ? failed[0].Error : new AggregateException(failed.Select(f => f.Error));
            throw new StorageException(
                failed.Length == 1 ? failed[0].Key : null,
                $"Azure Blob could not delete {failed.Length} of {blobs.Count} blobs in container '{_container.Name}' ({deleted} deleted): {listed}{more}.",
                inner);
        }

        return deleted;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresIn"/> is not more than 0 and at most 7 days.</exception>
    /// <remarks>With a token credential, the first call (and one a day after) fetches a user delegation key.</remarks>
    public async Task<string> GetReadUrlAsync(string objectKey, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default)
    {
        var blob = GetBlob(objectKey);
        var expiry = expiresIn ?? _urlExpiry;
        if (expiry <= TimeSpan.Zero || expiry > AzureBlobStorageOptions.MaxUrlExpiry)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), expiry, "A read URL must expire in more than 0 and at most 7 days.");
        }

        try
        {
            return await BuildReadUrlAsync(blob, expiry, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("read URL signing", objectKey, ex);
        }
    }

    /// <summary>Does nothing: the service client belongs to the caller.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Does nothing: the service client belongs to the caller. Present so that a dependency injection container disposed
    /// synchronously (<c>ServiceProvider.Dispose()</c>) accepts this singleton.
    /// </summary>
    public void Dispose()
    {
    }

    private BlobClient GetBlob(string objectKey, string paramName = "objectKey")
    {
        ObjectKeyGuard.Validate(objectKey, paramName);
        var blob = _container.GetBlobClient(objectKey);
        if (!string.Equals(blob.Name, objectKey, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The object key '{objectKey}' would be stored as '{blob.Name}' by the Azure SDK; use a key without a trailing '/'.",
                paramName);
        }

        return blob;
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_createContainer || _containerReady)
        {
            return;
        }

        await _containerLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_containerReady)
            {
                var created = await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                if (created is not null)
                {
                    Log.ContainerCreated(_logger, _container.Name);
                }

                _containerReady = true;
            }
        }
        finally
        {
            _containerLock.Release();
        }
    }

    private async Task<string> BuildReadUrlAsync(BlobClient blob, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var expiresOn = _time.GetUtcNow().Add(expiry);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
        };

        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas).AbsoluteUri;
        }

        var key = await GetDelegationKeyAsync(expiresOn, cancellationToken).ConfigureAwait(false);
        var uri = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, _service.AccountName) };
        return uri.ToUri().AbsoluteUri;
    }

    private async Task<UserDelegationKey> GetDelegationKeyAsync(DateTimeOffset neededUntil, CancellationToken cancellationToken)
    {
        var key = _delegationKey;
        if (IsUsable(key, _time.GetUtcNow(), neededUntil))
        {
            return key!;
        }

        await _delegationKeyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            key = _delegationKey;
            if (IsUsable(key, now, neededUntil))
            {
                return key!;
            }

            // A day, or longer when a URL must outlive that; never past the 7-day limit of the service.
            var expiresOn = now + DelegationKeyLifetime;
            if (expiresOn < neededUntil + DelegationKeyRenewalMargin)
            {
                expiresOn = neededUntil + DelegationKeyRenewalMargin;
            }

            var limit = now + AzureBlobStorageOptions.MaxUrlExpiry;
            if (expiresOn > limit)
            {
                expiresOn = limit;
            }

            var response = await _service.GetUserDelegationKeyAsync(now, expiresOn, cancellationToken).ConfigureAwait(false);
            _delegationKey = response.Value;
            Log.DelegationKeyFetched(_logger, _service.AccountName, response.Value.SignedExpiresOn);
            return response.Value;
        }
        finally
        {
            _delegationKeyLock.Release();
        }
    }

    private static bool IsUsable(UserDelegationKey? key, DateTimeOffset now, DateTimeOffset neededUntil) =>
        key is not null && key.SignedExpiresOn - DelegationKeyRenewalMargin > now && key.SignedExpiresOn >= neededUntil;

    private static bool IsAlreadyExists(RequestFailedException ex) =>
        ex.Status == 412 || (ex.Status == 409 && ex.ErrorCode == BlobErrorCode.BlobAlreadyExists);

    private StorageException Failure(string operation, string objectKey, Exception ex)
    {
        Log.OperationFailed(_logger, ex, operation, objectKey, _container.Name);
        return new StorageException(objectKey,
            $"Azure Blob {operation} of '{objectKey}' in container '{_container.Name}' failed: {Describe(ex)}.", ex);
    }

    private static string Describe(Exception ex) => ex switch
    {
        RequestFailedException failed => $"{failed.Status} {failed.ErrorCode}",
        _ => ex.GetType().Name,
    };

    // AggregateException: Azure.Core's retry policy throws one when every attempt failed with a transport error.
    private static bool IsStoreFailure(Exception ex) =>
        ex is RequestFailedException or AggregateException or HttpRequestException or IOException or OperationCanceledException;
}
