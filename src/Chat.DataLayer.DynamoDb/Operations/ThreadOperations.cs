using System.Text.Json.Nodes;
using Chat.DataLayer.DynamoDb.Files;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Layout;

namespace Chat.DataLayer.DynamoDb.Operations;

/// <summary>Reads, updates and deletes a thread's partition (the thread item, its steps, elements and markers).</summary>
internal sealed class ThreadOperations(DynamoDbGateway db, ElementFiles elements, TimeProvider time)
{
    private static readonly string[] OwnerAttributes = [ThreadItems.UserId];
    private static readonly string[] DeleteAttributes = [TableKeys.PartitionKey, TableKeys.SortKey, ElementItems.ObjectKey];

    /// <summary>The thread's owner: one GetItem.</summary>
    public async Task<string?> GetOwnerAsync(string threadId, CancellationToken cancellationToken) =>
        await db.GetAsync(ThreadItems.Key(threadId), OwnerAttributes, cancellationToken).ConfigureAwait(false) is { } item
            ? ItemReader.String(item, ThreadItems.UserId)
            : null;

    /// <summary>One Query per 1 MB of the partition; element URLs are signed locally.</summary>
    public async Task<ChatThread?> GetAsync(string threadId, CancellationToken cancellationToken)
    {
        var items = await db.QueryPartitionAsync(ThreadItems.Pk(threadId), null, null, cancellationToken).ConfigureAwait(false);
        ChatThread? thread = null;
        var steps = new List<Step>();
        var threadElements = new List<Element>();
        foreach (var item in items)
        {
            var sk = ItemReader.String(item, TableKeys.SortKey);
            if (sk == ThreadItems.SortKey)
            {
                thread = ThreadItems.FromItem(item);
            }
            else if (sk is not null && sk.StartsWith(StepItems.Prefix, StringComparison.Ordinal))
            {
                steps.Add(StepItems.FromItem(item));
            }
            else if (sk is not null && sk.StartsWith(ElementItems.Prefix, StringComparison.Ordinal))
            {
                threadElements.Add(await elements.WithReadUrlAsync(ElementItems.FromItem(item), cancellationToken).ConfigureAwait(false));
            }
        }

        if (thread is null)
        {
            return null;
        }

        // Ordered by creation time; steps without one (left by older writers) go last; OrderBy is stable.
        thread.Steps = [.. steps.OrderBy(s => s.CreatedAt is null).ThenBy(s => s.CreatedAt ?? DateTimeOffset.MaxValue)];
        thread.Elements = threadElements;
        return thread;
    }

    /// <summary>One UpdateItem (two the first time metadata is merged into a thread without a map).</summary>
    public Task UpdateAsync(string threadId, string? name, string? userId, JsonObject? metadata, IReadOnlyList<string>? tags,
        CancellationToken cancellationToken)
    {
        var changes = MetadataUpsert.Changes(metadata, "thread.metadata");
        return ThreadItems.Upsert(threadId, time.GetUtcNow(), moveActivity: true, name, userId, tags, changes)
            .SendAsync(db, cancellationToken);
    }

    /// <summary>
    /// The partition's keys, the element files, then every other item 25 a batch, and only when all of them are
    /// confirmed gone (the batches retry unprocessed items until none is left, or fail) the thread item alone. Files
    /// go first: if that fails, every item (and so every reference to the files) is still there. The thread item goes
    /// last and alone because it is what lists show: while any item of the thread remains, the thread is still
    /// listed, so a call that stops half-way leaves nothing that nobody can find and delete. The RATINGS marker is an
    /// item of the partition and goes with the other items.
    /// </summary>
    public async Task DeleteAsync(string threadId, CancellationToken cancellationToken)
    {
        var items = await db.QueryPartitionAsync(ThreadItems.Pk(threadId), null, DeleteAttributes, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            return;
        }

        await elements.DeleteThreadFilesAsync(threadId, items, cancellationToken).ConfigureAwait(false);
        var others = items
            .Where(i => ItemReader.String(i, TableKeys.SortKey) != ThreadItems.SortKey)
            .Select(TableKeys.KeyOf)
            .ToList();
        await db.BatchDeleteAsync(others, cancellationToken).ConfigureAwait(false);
        if (others.Count < items.Count)
        {
            await db.DeleteAsync(ThreadItems.Key(threadId), cancellationToken).ConfigureAwait(false);
        }
    }
}
