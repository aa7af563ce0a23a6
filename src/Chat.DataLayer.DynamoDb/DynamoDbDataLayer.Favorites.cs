using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <inheritdoc />
    /// <remarks>
    /// One Query of the user's FAVORITE markers, then one BatchGetItem per 100 favourites: the cost does not grow
    /// with the number of threads. Markers whose step is gone or no longer a favourite are deleted on the way.
    /// Favourites set by Chainlit's Python layer (only <c>metadata.favorite</c>, no marker) appear after
    /// <see cref="RebuildUserMarkersAsync"/>.
    /// </remarks>
    public async Task<IReadOnlyList<Step>> GetFavoriteStepsAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("GetFavoriteSteps", null, userId);
        try
        {
            return await GetFavoriteStepsCoreAsync(userId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<IReadOnlyList<Step>> GetFavoriteStepsCoreAsync(string userId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(userId, nameof(userId), TableKeys.MaxPartitionKeyBytes);
        Log.Operation(_logger, "GetFavoriteSteps", null, userId);
        var markers = await QueryAllAsync(new QueryRequest
        {
            TableName = _table,
            KeyConditionExpression = "#pk = :pk AND begins_with(#sk, :prefix)",
            ExpressionAttributeNames = new() { ["#pk"] = TableKeys.PartitionKey, ["#sk"] = TableKeys.SortKey },
            ExpressionAttributeValues = new()
            {
                [":pk"] = S(TableKeys.UserPk(userId)),
                [":prefix"] = S(TableKeys.FavoritePrefix),
            },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        if (markers.Count == 0)
        {
            return [];
        }

        var stepKeys = markers
            .Select(m => (Marker: m, ThreadId: ItemReader.String(m, "threadId"), StepId: ItemReader.String(m, "stepId")))
            .Where(m => m.ThreadId is not null && m.StepId is not null)
            .ToList();
        var items = await BatchGetAsync([.. stepKeys.Select(m => TableKeys.StepKey(m.ThreadId!, m.StepId!))], cancellationToken)
            .ConfigureAwait(false);
        var steps = items.Select(StepItems.FromItem)
            .Where(IsFavorite)
            .ToDictionary(s => (s.ThreadId, s.Id));

        var stale = stepKeys.Where(m => !steps.ContainsKey((m.ThreadId!, m.StepId!)))
            .Select(m => TableKeys.Key(ItemReader.String(m.Marker, TableKeys.PartitionKey)!, ItemReader.String(m.Marker, TableKeys.SortKey)!))
            .ToList();
        if (stale.Count > 0)
        {
            await BatchDeleteAsync(stale, cancellationToken).ConfigureAwait(false);
            Log.StaleFavorites(_logger, stale.Count, userId);
        }

        return [.. steps.Values.OrderByDescending(s => s.CreatedAt ?? DateTimeOffset.MinValue)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// A GetItem for the thread's owner, an UpdateItem of the step's <c>metadata.favorite</c> (only if the step
    /// exists), and a PutItem or DeleteItem of the owner's FAVORITE marker: the marker is written after the flag and
    /// removed before it, so a marker never points at a step that is not a favourite for long.
    /// </remarks>
    /// <exception cref="EntityNotFoundException">The thread or the step does not exist.</exception>
    /// <exception cref="InvalidOperationException">The thread has no owner to keep the favourite for.</exception>
    public async Task<Step> SetStepFavoriteAsync(Step step, bool favorite, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("SetStepFavorite", step?.ThreadId, step?.Id);
        try
        {
            return await SetStepFavoriteCoreAsync(step!, favorite, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<Step> SetStepFavoriteCoreAsync(Step step, bool favorite, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateStep(step);
        Log.Operation(_logger, "SetStepFavorite", step.ThreadId, step.Id);
        var thread = await _db.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = TableKeys.ThreadKey(step.ThreadId),
            // The key is read too, so an ownerless thread is told apart from a missing one.
            ProjectionExpression = "#u, #pk",
            ExpressionAttributeNames = new() { ["#u"] = ThreadItems.UserId, ["#pk"] = TableKeys.PartitionKey },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        if (thread.Item is not { Count: > 0 })
        {
            throw new EntityNotFoundException("thread", step.ThreadId, null);
        }

        var owner = ItemReader.String(thread.Item, ThreadItems.UserId)
            ?? throw new InvalidOperationException(
                $"Thread '{step.ThreadId}' has no owner; give it one with UpdateThreadAsync before marking favourites.");

        var markerKey = TableKeys.Key(TableKeys.UserPk(owner), TableKeys.FavoriteSk(step.ThreadId, step.Id));
        if (!favorite)
        {
            await _db.DeleteItemAsync(new DeleteItemRequest { TableName = _table, Key = markerKey }, cancellationToken)
                .ConfigureAwait(false);
        }

        var changes = new Dictionary<string, AttributeValue?>(StringComparer.Ordinal)
        {
            [StepItems.FavoriteKey] = favorite ? new AttributeValue { BOOL = true } : null,
        };
        var response = await UpsertWithMetadataAsync(
            TableKeys.StepKey(step.ThreadId, step.Id),
            _ => { },
            StepItems.Metadata,
            changes,
            mapLikelyExists: true,
            itemMustExistCondition: "attribute_exists(SK)",
            ReturnValue.ALL_NEW,
            "step",
            step.Id,
            cancellationToken).ConfigureAwait(false);

        if (favorite)
        {
            var marker = new Dictionary<string, AttributeValue>(markerKey, StringComparer.Ordinal)
            {
                ["threadId"] = S(step.ThreadId),
                ["stepId"] = S(step.Id),
                ["createdAt"] = S(Now()),
            };
            await _db.PutItemAsync(new PutItemRequest { TableName = _table, Item = marker }, cancellationToken).ConfigureAwait(false);
        }

        return StepItems.FromItem(response.Attributes);
    }

    private static bool IsFavorite(Step step) =>
        step.Metadata is { } metadata && metadata.TryGetPropertyValue(StepItems.FavoriteKey, out var flag) &&
        flag is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<bool>(out var isFavorite) && isFavorite;
}
