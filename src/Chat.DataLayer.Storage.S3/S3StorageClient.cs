using System.Buffers;
using System.Net;
using System.Reflection;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.S3.Model;
using Chat.DataLayer.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.DataLayer.Storage.S3;

/// <summary>
/// An <see cref="IStorageClient"/> on Amazon S3 or an S3-compatible store, through the application's
/// <see cref="IAmazonS3"/> client (which it never disposes). Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Uploads are one PutObject for seekable streams; streams that cannot seek are read one
/// <see cref="S3StorageOptions.MultipartPartSize"/> part at a time and sent as a multipart upload when they are larger.
/// Read URLs are presigned locally (no request).
/// </para>
/// <para>
/// <c>overwrite: false</c> sends a HEAD first and then a conditional PutObject (<c>If-None-Match: *</c>). Amazon S3
/// enforces the condition atomically; a store that ignores <c>If-None-Match</c> (s3rver, older MinIO) leaves a race
/// window between the HEAD and the PUT in which a concurrent writer's object can be replaced.
/// </para>
/// <para>
/// Keys are stored as given, except that keys with a <c>.</c> or <c>..</c> path segment are rejected: URL parsers
/// resolve such segments, so their read URLs would name another object.
/// </para>
/// </remarks>
public sealed partial class S3StorageClient : IStorageClient, IStorageHealthProbe, IDisposable
{
    private const int MaxKeysPerDeleteRequest = 1000;
    private const int MaxParts = 10_000;
    private const int MaxKeysInMessage = 20;

    private static readonly string UserAgentComponent = "lib/Chat.DataLayer.Storage.S3#" +
        (typeof(S3StorageClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0");

    private readonly IAmazonS3 _client;
    private readonly ILogger _logger;
    private readonly string _bucket;
    private readonly TimeSpan _urlExpiry;
    private readonly bool _useChunkEncoding;
    private readonly ServerSideEncryptionMethod? _sseMethod;
    private readonly string? _kmsKeyId;
    private readonly Protocol _urlProtocol;
    private readonly int _partSize;

    /// <summary>Creates the client.</summary>
    /// <param name="client">The application's S3 client: its config holds the endpoint, region, credentials and
    /// path-style addressing. Not disposed by this class.</param>
    /// <param name="options">The settings; validated here, and copied, so later changes have no effect.</param>
    /// <param name="logger">Receives Debug events with object keys (never content).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is invalid (see <see cref="S3StorageOptions.Validate"/>).</exception>
    public S3StorageClient(IAmazonS3 client, S3StorageOptions options, ILogger<S3StorageClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _client = client;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _bucket = options.Bucket;
        _urlExpiry = options.UrlExpiry;
        _useChunkEncoding = options.UseChunkEncoding;
        _sseMethod = options.ServerSideEncryption switch
        {
            S3ServerSideEncryption.S3Managed => ServerSideEncryptionMethod.AES256,
            S3ServerSideEncryption.Kms => ServerSideEncryptionMethod.AWSKMS,
            _ => null,
        };
        _kmsKeyId = options.KmsKeyId;
        _partSize = options.MultipartPartSize;
        _urlProtocol = (options.UseHttpForPresignedUrls ?? IsHttpEndpoint(client.Config?.ServiceURL))
            ? Protocol.HTTP
            : Protocol.HTTPS;
    }

    /// <summary>The bucket this client writes to.</summary>
    public string Bucket => _bucket;

    /// <summary>The bucket as <c>s3://bucket</c>, for health reports.</summary>
    public string StorageDescription => "s3://" + _bucket;

    /// <summary>Checks with HeadBucket that the bucket exists and this client may use it (one request).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the bucket exists; <see langword="false"/> when S3 answers 404.</returns>
    /// <exception cref="StorageException">Any other failure, such as 403 for a bucket of another account.</exception>
    public async Task<bool> StorageExistsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.HeadBucketAsync(Tag(new HeadBucketRequest { BucketName = _bucket }), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("bucket check", null, ex);
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject> UploadFileAsync(string objectKey, Stream content, string mime = "application/octet-stream",
        bool overwrite = true, string? contentDisposition = null, CancellationToken cancellationToken = default)
    {
        ObjectKeyGuard.Validate(objectKey);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(mime);
        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream must be readable.", nameof(content));
        }

        try
        {
            if (!overwrite && await ExistsAsync(objectKey, cancellationToken).ConfigureAwait(false))
            {
                Log.ObjectExists(_logger, objectKey, _bucket);
                throw new StorageObjectExistsException(objectKey, null);
            }

            var (etag, size) = content.CanSeek
                ? await PutSeekableAsync(objectKey, content, mime, overwrite, contentDisposition, cancellationToken).ConfigureAwait(false)
                : await PutUnseekableAsync(objectKey, content, mime, overwrite, contentDisposition, cancellationToken).ConfigureAwait(false);
            Log.Uploaded(_logger, objectKey, _bucket, size);

            var url = await PresignAsync(objectKey, _urlExpiry).ConfigureAwait(false);
            Chat.DataLayer.Diagnostics.DataLayerTelemetry.RecordStorageUpload("s3", size);
            return new StoredObject(objectKey, url, size, etag, mime);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AmazonS3Exception ex) when (!overwrite && ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            Log.ObjectExists(_logger, objectKey, _bucket);
            throw new StorageObjectExistsException(objectKey, ex);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("upload", objectKey, ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// S3's DeleteObject answers 204 whether or not the key existed, so this sends a HEAD first: two requests, and
    /// <see langword="false"/> when the HEAD finds nothing. A HEAD cannot tell a missing bucket from a missing key,
    /// so a missing bucket also gives <see langword="false"/>.
    /// </remarks>
    public async Task<bool> DeleteFileAsync(string objectKey, CancellationToken cancellationToken = default)
    {
        ObjectKeyGuard.Validate(objectKey);
        try
        {
            if (!await ExistsAsync(objectKey, cancellationToken).ConfigureAwait(false))
            {
                Log.Deleted(_logger, objectKey, _bucket, false);
                return false;
            }

            var request = Tag(new DeleteObjectRequest { BucketName = _bucket, Key = objectKey });
            await _client.DeleteObjectAsync(request, cancellationToken).ConfigureAwait(false);
            Log.Deleted(_logger, objectKey, _bucket, true);
            return true;
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
    /// One DeleteObjects request per 1,000 distinct keys. S3 reports keys that did not exist as deleted, so the count
    /// includes them. When S3 reports per-key errors, the remaining chunks are still sent and then a
    /// <see cref="StorageException"/> lists the keys that failed.
    /// </remarks>
    public async Task<int> DeleteFilesAsync(IEnumerable<string> objectKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objectKeys);
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in objectKeys)
        {
            ObjectKeyGuard.Validate(key, nameof(objectKeys));
            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        if (keys.Count == 0)
        {
            return 0;
        }

        var deleted = 0;
        var errors = new List<DeleteError>();
        for (var start = 0; start < keys.Count; start += MaxKeysPerDeleteRequest)
        {
            var chunk = keys.GetRange(start, Math.Min(MaxKeysPerDeleteRequest, keys.Count - start));
            try
            {
                var request = Tag(new DeleteObjectsRequest
                {
                    BucketName = _bucket,
                    Objects = chunk.ConvertAll(k => new KeyVersion { Key = k }),
                });
                var response = await _client.DeleteObjectsAsync(request, cancellationToken).ConfigureAwait(false);
                deleted += response.DeletedObjects?.Count ?? 0;
                errors.AddRange(response.DeleteErrors ?? []);
            }
            catch (DeleteObjectsException ex) when (ex.Response is not null)
            {
                // The SDK throws this when the response lists per-key errors; the response still says what was deleted.
                deleted += ex.Response.DeletedObjects?.Count ?? 0;
                errors.AddRange(ex.Response.DeleteErrors ?? []);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (IsStoreFailure(ex))
            {
                throw Failure("batch delete", chunk.Count == 1 ? chunk[0] : null, ex,
                    $" ({chunk.Count} keys from '{chunk[0]}'; {deleted} objects deleted before)");
            }
        }

        Log.BatchDeleted(_logger, deleted, keys.Count, _bucket);
        if (errors.Count > 0)
        {
            var listed = string.Join(", ", errors.Take(MaxKeysInMessage).Select(e => $"'{e.Key}' ({e.Code}: {e.Message})"));
            var more = errors.Count > MaxKeysInMessage ? $" and {errors.Count - MaxKeysInMessage} more" : "";
            throw new StorageException(
                errors.Count == 1 ? errors[0].Key : null,
                $"S3 could not delete {errors.Count} of {keys.Count} objects in bucket '{_bucket}' ({deleted} deleted): {listed}{more}.",
                null);
        }

        return deleted;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiresIn"/> is not more than 0 and at most 7 days.</exception>
    public async Task<string> GetReadUrlAsync(string objectKey, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default)
    {
        ObjectKeyGuard.Validate(objectKey);
        var expiry = expiresIn ?? _urlExpiry;
        if (expiry <= TimeSpan.Zero || expiry > S3StorageOptions.MaxUrlExpiry)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), expiry,
                "A presigned S3 URL must expire in more than 0 and at most 7 days.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await PresignAsync(objectKey, expiry).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("presign", objectKey, ex);
        }
    }

    /// <summary>Does nothing: the S3 client belongs to the caller.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Does nothing: the S3 client belongs to the caller. Present so that a dependency injection container disposed
    /// synchronously (<c>ServiceProvider.Dispose()</c>) accepts this singleton.
    /// </summary>
    public void Dispose()
    {
    }

    private async Task<bool> ExistsAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            var request = Tag(new GetObjectMetadataRequest { BucketName = _bucket, Key = objectKey });
            await _client.GetObjectMetadataAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<(string? ETag, long Size)> PutSeekableAsync(string objectKey, Stream content, string mime, bool overwrite,
        string? contentDisposition, CancellationToken cancellationToken)
    {
        // Upload from the current position, like Stream.CopyTo; the SDK rewinds to this position itself on retries.
        var size = content.Length - content.Position;
        var request = NewPutRequest(objectKey, content, mime, overwrite, contentDisposition);
        var response = await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.ETag, size);
    }

    private async Task<(string? ETag, long Size)> PutUnseekableAsync(string objectKey, Stream content, string mime, bool overwrite,
        string? contentDisposition, CancellationToken cancellationToken)
    {
        // S3 needs each request's length up front, so an unseekable stream is read one part at a time into memory.
        var buffer = ArrayPool<byte>.Shared.Rent(_partSize);
        try
        {
            var read = await ReadPartAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            if (read < _partSize)
            {
                using var body = new MemoryStream(buffer, 0, read, writable: false);
                var request = NewPutRequest(objectKey, body, mime, overwrite, contentDisposition);
                var response = await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
                return (response.ETag, read);
            }

            return await MultipartUploadAsync(objectKey, content, buffer, read, mime, overwrite, contentDisposition, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(string? ETag, long Size)> MultipartUploadAsync(string objectKey, Stream content, byte[] buffer, int firstPartLength,
        string mime, bool overwrite, string? contentDisposition, CancellationToken cancellationToken)
    {
        var initiate = Tag(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = objectKey,
            ContentType = mime,
            ServerSideEncryptionMethod = _sseMethod,
            ServerSideEncryptionKeyManagementServiceKeyId = _kmsKeyId,
        });
        if (contentDisposition is not null)
        {
            initiate.Headers.ContentDisposition = contentDisposition;
        }

        var uploadId = (await _client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false)).UploadId;
        Log.MultipartStarted(_logger, objectKey, _bucket, uploadId);
        try
        {
            var parts = new List<PartETag>();
            long size = 0;
            var length = firstPartLength;
            for (var partNumber = 1; ; partNumber++)
            {
                if (partNumber > MaxParts)
                {
                    throw new StorageException(objectKey,
                        $"The stream for '{objectKey}' is longer than {MaxParts} parts of {_partSize} bytes; raise {nameof(S3StorageOptions.MultipartPartSize)}.",
                        null);
                }

                using (var body = new MemoryStream(buffer, 0, length, writable: false))
                {
                    var part = Tag(new UploadPartRequest
                    {
                        BucketName = _bucket,
                        Key = objectKey,
                        UploadId = uploadId,
                        PartNumber = partNumber,
                        InputStream = body,
                        PartSize = length,
                        UseChunkEncoding = _useChunkEncoding,
                    });
                    var response = await _client.UploadPartAsync(part, cancellationToken).ConfigureAwait(false);
                    parts.Add(new PartETag(response) { PartNumber = partNumber });
                }

                size += length;
                length = await ReadPartAsync(content, buffer, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    break;
                }
            }

            var complete = Tag(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = objectKey,
                UploadId = uploadId,
                PartETags = parts,
                IfNoneMatch = overwrite ? null : "*",
            });
            var completed = await _client.CompleteMultipartUploadAsync(complete, cancellationToken).ConfigureAwait(false);
            return (completed.ETag, size);
        }
        catch
        {
            await AbortQuietlyAsync(objectKey, uploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortQuietlyAsync(string objectKey, string uploadId)
    {
        try
        {
            var abort = Tag(new AbortMultipartUploadRequest { BucketName = _bucket, Key = objectKey, UploadId = uploadId });
            await _client.AbortMultipartUploadAsync(abort, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            // The upload already failed with its own exception; a lifecycle rule cleans up what the abort could not.
            Log.AbortFailed(_logger, ex, objectKey, _bucket, uploadId);
        }
    }

    private async Task<int> ReadPartAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < _partSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(total, _partSize - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private PutObjectRequest NewPutRequest(string objectKey, Stream body, string mime, bool overwrite, string? contentDisposition)
    {
        var request = Tag(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = objectKey,
            InputStream = body,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
            ContentType = mime,
            UseChunkEncoding = _useChunkEncoding,
            ServerSideEncryptionMethod = _sseMethod,
            ServerSideEncryptionKeyManagementServiceKeyId = _kmsKeyId,
            IfNoneMatch = overwrite ? null : "*",
        });
        if (contentDisposition is not null)
        {
            request.Headers.ContentDisposition = contentDisposition;
        }

        return request;
    }

    private Task<string> PresignAsync(string objectKey, TimeSpan expiry) =>
        _client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = objectKey,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.Add(expiry),
            Protocol = _urlProtocol,
        });

    private StorageException Failure(string operation, string? objectKey, Exception ex, string detail = "")
    {
        Log.OperationFailed(_logger, ex, operation, objectKey, _bucket);
        var cause = ex switch
        {
            AmazonServiceException service => $"{(int)service.StatusCode} {service.ErrorCode}",
            _ => ex.GetType().Name,
        };
        var subject = objectKey is null ? "" : $" of '{objectKey}'";
        return new StorageException(objectKey, $"S3 {operation}{subject} in bucket '{_bucket}' failed{detail}: {cause}.", ex);
    }

    private static bool IsStoreFailure(Exception ex) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or OperationCanceledException;

    private static bool IsHttpEndpoint(string? serviceUrl) =>
        serviceUrl is not null && serviceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static T Tag<T>(T request)
        where T : AmazonWebServiceRequest
    {
        ((IAmazonWebServiceRequest)request).UserAgentDetails.AddUserAgentComponent(UserAgentComponent);
        return request;
    }
}
