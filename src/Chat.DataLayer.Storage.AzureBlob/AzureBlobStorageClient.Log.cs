using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.Storage.AzureBlob;

public sealed partial class AzureBlobStorageClient
{
    // Object keys are logged at Debug only; object content is never logged.
    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, EventName = "BlobUploaded",
            Message = "Uploaded {ObjectKey} to Azure Blob container {Container} ({Size} bytes)")]
        public static partial void Uploaded(ILogger logger, string objectKey, string container, long size);

        [LoggerMessage(EventId = 2, Level = LogLevel.Debug, EventName = "BlobExists",
            Message = "Did not upload {ObjectKey} to Azure Blob container {Container}: a blob exists and overwrite is false")]
        public static partial void ObjectExists(ILogger logger, string objectKey, string container);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, EventName = "BlobDeleted",
            Message = "Delete of {ObjectKey} in Azure Blob container {Container}: existed = {Existed}")]
        public static partial void Deleted(ILogger logger, string objectKey, string container, bool existed);

        [LoggerMessage(EventId = 4, Level = LogLevel.Debug, EventName = "BlobsDeleted",
            Message = "Deleted {Deleted} of {Requested} blobs in Azure Blob container {Container}")]
        public static partial void BatchDeleted(ILogger logger, int deleted, int requested, string container);

        [LoggerMessage(EventId = 5, Level = LogLevel.Information, EventName = "ContainerCreated",
            Message = "Created Azure Blob container {Container}")]
        public static partial void ContainerCreated(ILogger logger, string container);

        [LoggerMessage(EventId = 6, Level = LogLevel.Debug, EventName = "UserDelegationKeyFetched",
            Message = "Fetched a user delegation key for storage account {Account}, valid until {ExpiresOn}")]
        public static partial void DelegationKeyFetched(ILogger logger, string account, DateTimeOffset expiresOn);

        [LoggerMessage(EventId = 7, Level = LogLevel.Debug, EventName = "OperationFailed",
            Message = "Azure Blob {Operation} of {ObjectKey} in container {Container} failed")]
        public static partial void OperationFailed(ILogger logger, Exception exception, string operation, string objectKey, string container);
    }
}
