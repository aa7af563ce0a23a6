using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    // Thread, step and element ids at Debug; user identifiers and contents never above Trace.
    internal static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "DynamoDB {Operation} thread={ThreadId} id={EntityId}", EventName = "Operation")]
        public static partial void Operation(ILogger logger, string operation, string? threadId, string? entityId);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "DynamoDB left {Count} batch items unprocessed; retry {Attempt}", EventName = "BatchRetry")]
        public static partial void BatchRetry(ILogger logger, int count, int attempt);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Removing the stored file {ObjectKey} after a failed element write also failed", EventName = "OrphanCleanupFailed")]
        public static partial void OrphanCleanupFailed(ILogger logger, string objectKey, Exception exception);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Thread {ThreadId} has element files but no storage client is configured; the files were not deleted", EventName = "FilesNotDeleted")]
        public static partial void FilesNotDeleted(ILogger logger, string threadId);

        [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Removed {Count} stale favourite markers", EventName = "StaleFavorites")]
        public static partial void StaleFavorites(ILogger logger, int count);

        [LoggerMessage(EventId = 6, Level = LogLevel.Trace, Message = "DynamoDB step {StepId} content: {Content}", EventName = "StepContent")]
        public static partial void StepContent(ILogger logger, string stepId, string? content);

        [LoggerMessage(EventId = 7, Level = LogLevel.Trace, Message = "DynamoDB {Operation} user={UserId}", EventName = "OperationUser")]
        public static partial void OperationUser(ILogger logger, string operation, string userId);
    }
}
