using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <summary>
    /// Rebuilds the markers this layer adds to Chainlit's layout (a thread's RATINGS item for the feedback filter,
    /// the owner's FAVORITE items for <see cref="GetFavoriteStepsAsync"/>) from the steps of every thread a user
    /// owns. Chainlit's Python layer does not write markers, so run this once per user when adopting a table it
    /// wrote, or after Python code has rated or starred steps. Idempotent; costs one index Query per page, one
    /// Query per thread and one write per marker.
    /// </summary>
    /// <param name="userId">The user whose threads to scan.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many threads were scanned.</returns>
    public async Task<int> RebuildUserMarkersAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("RebuildUserMarkers", null, userId);
        try
        {
            return await RebuildUserMarkersCoreAsync(userId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<int> RebuildUserMarkersCoreAsync(string userId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(userId, nameof(userId), TableKeys.MaxPartitionKeyBytes);
        Log.Operation(_logger, "RebuildUserMarkers", null, userId);
        var threads = await QueryAllAsync(new QueryRequest
        {
            TableName = _table,
            IndexName = DynamoDbTableSchema.UserThreadIndexName,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = TableKeys.UserThreadPartitionKey },
            ExpressionAttributeValues = new() { [":pk"] = S(TableKeys.UserPk(userId)) },
        }, cancellationToken).ConfigureAwait(false);

        foreach (var entry in threads)
        {
            var threadPk = ItemReader.String(entry, TableKeys.PartitionKey)!;
            var threadId = TableKeys.RemovePrefix(threadPk, TableKeys.ThreadPrefix)!;
            var steps = await QueryAllAsync(new QueryRequest
            {
                TableName = _table,
                KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :prefix)",
                ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey, ["#sk"] = TableKeys.SortKey },
                ExpressionAttributeValues = new() { [":pk"] = S(threadPk), [":prefix"] = S(TableKeys.StepPrefix) },
                ConsistentRead = true,
            }, cancellationToken).ConfigureAwait(false);

            var ratings = new List<(string StepId, int Value)>();
            foreach (var step in steps.Select(StepItems.FromItem))
            {
                if (step.Feedback is { Value: 0 or 1 } feedback)
                {
                    ratings.Add((step.Id, feedback.Value));
                }

                if (IsFavorite(step))
                {
                    var marker = TableKeys.Key(TableKeys.UserPk(userId), TableKeys.FavoriteSk(threadId, step.Id));
                    marker["threadId"] = S(threadId);
                    marker["stepId"] = S(step.Id);
                    marker["createdAt"] = S(Now());
                    await _db.PutItemAsync(new PutItemRequest { TableName = _table, Item = marker }, cancellationToken)
                        .ConfigureAwait(false);
                }
            }

            // The marker is replaced whole, so ratings that Python code removed disappear too.
            var ratingsKey = TableKeys.RatingsKey(threadId);
            if (ratings.Count == 0)
            {
                await _db.DeleteItemAsync(new DeleteItemRequest { TableName = _table, Key = ratingsKey }, cancellationToken)
                    .ConfigureAwait(false);
            }
            else
            {
                var marker = new Dictionary<string, AttributeValue>(ratingsKey, StringComparer.Ordinal);
                foreach (var (stepId, value) in ratings)
                {
                    marker[TableKeys.RatingAttribute(stepId)] = new AttributeValue
                    {
                        N = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    };
                }

                await _db.PutItemAsync(new PutItemRequest { TableName = _table, Item = marker }, cancellationToken).ConfigureAwait(false);
            }
        }

        return threads.Count;
    }
}
