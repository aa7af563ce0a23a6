using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.Storage.S3;

/// <summary>Uploads of streams that cannot seek: read one part at a time, sent whole or as a multipart upload.</summary>
public sealed partial class S3StorageClient
{
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
}
