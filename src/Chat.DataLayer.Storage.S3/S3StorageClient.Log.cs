using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.Storage.S3;

public sealed partial class S3StorageClient
{
    // Object keys are logged at Debug only; object content is never logged.
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, EventName = "ObjectUploaded",
            Message = "Uploaded {ObjectKey} to S3 bucket {Bucket} ({Size} bytes)")]
        public static partial void Uploaded(ILogger logger, string objectKey, string bucket, long size);

        [LoggerMessage(EventId = 2, Level = LogLevel.Debug, EventName = "ObjectExists",
            Message = "Did not upload {ObjectKey} to S3 bucket {Bucket}: an object exists and overwrite is false")]
        public static partial void ObjectExists(ILogger logger, string objectKey, string bucket);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, EventName = "ObjectDeleted",
            Message = "Delete of {ObjectKey} in S3 bucket {Bucket}: existed = {Existed}")]
        public static partial void Deleted(ILogger logger, string objectKey, string bucket, bool existed);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, EventName = "ObjectsDeleted",
            Message = "Deleted {Deleted} of {Requested} objects in S3 bucket {Bucket}")]
        public static partial void BatchDeleted(ILogger logger, int deleted, int requested, string bucket);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug, EventName = "MultipartUploadStarted",
            Message = "Uploading {ObjectKey} to S3 bucket {Bucket} in parts (upload id {UploadId})")]
        public static partial void MultipartStarted(ILogger logger, string objectKey, string bucket, string uploadId);

        [LoggerMessage(EventId = 6, Level = LogLevel.Warning, EventName = "MultipartAbortFailed",
            Message = "Could not abort the failed multipart upload {UploadId} of {ObjectKey} in S3 bucket {Bucket}; a lifecycle rule must remove its parts")]
        public static partial void AbortFailed(ILogger logger, Exception exception, string objectKey, string bucket, string uploadId);

        [LoggerMessage(EventId = 7, Level = LogLevel.Debug, EventName = "OperationFailed",
            Message = "S3 {Operation} of {ObjectKey} in bucket {Bucket} failed")]
        public static partial void OperationFailed(ILogger logger, Exception exception, string operation, string? objectKey, string bucket);
    }
}
