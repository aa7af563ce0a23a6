using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb.Markers;

/// <summary>
/// Rebuilds both markers of a user's threads from their steps, for tables Chainlit's Python layer wrote (it writes
/// no markers). Idempotent: one index Query per page, one Query per thread, one write per marker.
/// </summary>
internal sealed class MarkerRebuild(DynamoDbGateway db, RatingsMarker ratings, FavoriteMarker favorites)
{
    /// <summary>Returns how many threads were scanned.</summary>
    public async Task<int> RebuildAsync(string userId, CancellationToken cancellationToken)
    {
        var threads = await db.QueryAllAsync(new QueryRequest
        {
            IndexName = DynamoDbTableSchema.UserThreadIndexName,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = TableKeys.UserThreadPartitionKey },
            ExpressionAttributeValues = new() { [":pk"] = new() { S = UserItems.Pk(userId) } },
        }, cancellationToken).ConfigureAwait(false);

        foreach (var entry in threads)
        {
            var threadPk = ItemReader.String(entry, TableKeys.PartitionKey)!;
            var threadId = TableKeys.RemovePrefix(threadPk, ThreadItems.Prefix)!;
            var steps = (await db.QueryPartitionAsync(threadPk, StepItems.Prefix, null, cancellationToken).ConfigureAwait(false))
                .Select(StepItems.FromItem)
                .ToList();
            await favorites.RebuildAsync(userId, threadId, steps, cancellationToken).ConfigureAwait(false);
            await ratings.RebuildAsync(threadId, steps, cancellationToken).ConfigureAwait(false);
        }

        return threads.Count;
    }
}
