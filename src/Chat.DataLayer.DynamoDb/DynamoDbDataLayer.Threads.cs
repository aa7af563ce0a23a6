using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <inheritdoc />
    /// <remarks>One GetItem.</remarks>
    public async Task<string?> GetThreadAuthorAsync(string threadId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("GetThreadAuthor", threadId, null);
        try
        {
            return await GetThreadAuthorCoreAsync(threadId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<string?> GetThreadAuthorCoreAsync(string threadId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(threadId, nameof(threadId));
        Log.Operation(_logger, "GetThreadAuthor", threadId, null);
        return await ReadThreadOwnerAsync(threadId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The thread's owner: one GetItem, no span of its own (internal calls are part of their caller's operation).</summary>
    private async Task<string?> ReadThreadOwnerAsync(string threadId, CancellationToken cancellationToken)
    {
        var response = await _db.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = TableKeys.ThreadKey(threadId),
            ProjectionExpression = "#u",
            ExpressionAttributeNames = new() { ["#u"] = ThreadItems.UserId },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ItemReader.String(item, ThreadItems.UserId) : null;
    }

    /// <inheritdoc />
    /// <remarks>One Query per 1 MB of the thread's items; element URLs are signed locally (no storage request).</remarks>
    public async Task<ChatThread?> GetThreadAsync(string threadId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("GetThread", threadId, null);
        try
        {
            return await GetThreadCoreAsync(threadId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<ChatThread?> GetThreadCoreAsync(string threadId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(threadId, nameof(threadId));
        Log.Operation(_logger, "GetThread", threadId, null);
        var items = await QueryAllAsync(new QueryRequest
        {
            TableName = _table,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey },
            ExpressionAttributeValues = new() { [":pk"] = S(TableKeys.ThreadPk(threadId)) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);

        ChatThread? thread = null;
        var steps = new List<Step>();
        var elements = new List<Element>();
        foreach (var item in items)
        {
            var sk = ItemReader.String(item, TableKeys.SortKey);
            if (sk == TableKeys.ThreadSortKey)
            {
                thread = ThreadItems.FromItem(item);
            }
            else if (sk is not null && sk.StartsWith(TableKeys.StepPrefix, StringComparison.Ordinal))
            {
                steps.Add(StepItems.FromItem(item));
            }
            else if (sk is not null && sk.StartsWith(TableKeys.ElementPrefix, StringComparison.Ordinal))
            {
                elements.Add(await WithReadUrlAsync(ElementItems.FromItem(item), cancellationToken).ConfigureAwait(false));
            }
        }

        if (thread is null)
        {
            return null;
        }

        // Ordered by creation time; steps without one (left by older writers) go last; OrderBy is stable.
        thread.Steps = [.. steps.OrderBy(s => s.CreatedAt is null).ThenBy(s => s.CreatedAt ?? DateTimeOffset.MaxValue)];
        thread.Elements = elements;
        return thread;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One UpdateItem (two the first time metadata is merged into a thread that has no metadata map).
    /// <c>createdAt</c> is written only when absent; the last-activity key moves to now.
    /// </remarks>
    public async Task UpdateThreadAsync(string threadId, string? name = null, string? userId = null, JsonObject? metadata = null,
        IReadOnlyList<string>? tags = null, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("UpdateThread", threadId, userId);
        try
        {
            await UpdateThreadCoreAsync(threadId, name, userId, metadata, tags, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task UpdateThreadCoreAsync(string threadId, string? name = null, string? userId = null, JsonObject? metadata = null,
        IReadOnlyList<string>? tags = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(threadId, nameof(threadId));
        if (userId is not null)
        {
            TableKeys.ValidateId(userId, nameof(userId), TableKeys.MaxPartitionKeyBytes);
        }

        if (tags is not null && tags.Any(t => t is null))
        {
            throw new ArgumentException("A tag is null.", nameof(tags));
        }

        Log.Operation(_logger, "UpdateThread", threadId, userId);
        var changes = StepItems.MetadataChanges(metadata, "thread.metadata");
        var now = Now();
        await UpsertWithMetadataAsync(
            TableKeys.ThreadKey(threadId),
            u =>
            {
                u.SetIfNotExists("id", S(threadId))
                    .SetIfNotExists(ThreadItems.CreatedAt, S(now))
                    .Set(TableKeys.UserThreadSortKey, S(TableKeys.Activity(now)));
                if (name is not null)
                {
                    u.Set("name", S(name));
                }
                else
                {
                    // Chainlit's list_threads reads item["name"]: a NULL name keeps it from failing on our threads.
                    u.SetIfNotExists("name", new AttributeValue { NULL = true });
                }

                if (userId is not null)
                {
                    u.Set(ThreadItems.UserId, S(userId))
                        .Set(ThreadItems.UserIdentifier, S(userId))
                        .Set(TableKeys.UserThreadPartitionKey, S(TableKeys.UserPk(userId)));
                }

                if (tags is not null)
                {
                    u.Set("tags", new AttributeValue { L = [.. tags.Select(S)] });
                }
            },
            ThreadItems.Metadata,
            changes,
            mapLikelyExists: true,
            itemMustExistCondition: null,
            returnValues: null,
            "thread",
            threadId,
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The thread's query pages, one storage batch delete for its element files, then ceil(items/25)
    /// BatchWriteItems, the thread record last. A storage failure stops before any item is deleted.
    /// </remarks>
    public async Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("DeleteThread", threadId, null);
        try
        {
            await DeleteThreadCoreAsync(threadId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task DeleteThreadCoreAsync(string threadId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(threadId, nameof(threadId));
        Log.Operation(_logger, "DeleteThread", threadId, null);
        var items = await QueryAllAsync(new QueryRequest
        {
            TableName = _table,
            KeyConditionExpression = "#pk = :pk",
            ProjectionExpression = "#pk, #sk, #ok",
            ExpressionAttributeNames = new()
            {
                ["#pk"] = TableKeys.PartitionKey,
                ["#sk"] = TableKeys.SortKey,
                ["#ok"] = ElementItems.ObjectKey,
            },
            ExpressionAttributeValues = new() { [":pk"] = S(TableKeys.ThreadPk(threadId)) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return;
        }

        var objectKeys = items
            .Where(i => ItemReader.String(i, TableKeys.SortKey)?.StartsWith(TableKeys.ElementPrefix, StringComparison.Ordinal) == true)
            .Select(i => ItemReader.String(i, ElementItems.ObjectKey))
            .OfType<string>()
            .Where(k => k.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (objectKeys.Count > 0)
        {
            if (_storage is null)
            {
                Log.FilesNotDeleted(_logger, threadId);
            }
            else
            {
                // Files first: if this fails, every item (and so every reference to the files) is still there.
                await _storage.DeleteFilesAsync(objectKeys, cancellationToken).ConfigureAwait(false);
            }
        }

        var keys = items
            .OrderBy(i => ItemReader.String(i, TableKeys.SortKey) == TableKeys.ThreadSortKey)
            .Select(i => TableKeys.Key(ItemReader.String(i, TableKeys.PartitionKey)!, ItemReader.String(i, TableKeys.SortKey)!))
            .ToList();
        await BatchDeleteAsync(keys, cancellationToken).ConfigureAwait(false);
    }
}
