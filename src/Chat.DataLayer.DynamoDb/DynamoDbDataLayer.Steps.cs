using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <inheritdoc />
    /// <remarks>
    /// Two UpdateItems sent together: the step (an upsert that never overwrites with null or empty input/output),
    /// and the thread (created if missing; moved to the top of its owner's list for user and assistant messages).
    /// </remarks>
    public async Task CreateStepAsync(Step step, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("CreateStep", step?.ThreadId, step?.Id);
        try
        {
            await CreateStepCoreAsync(step!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task CreateStepCoreAsync(Step step, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateStep(step);
        Log.Operation(_logger, "CreateStep", step.ThreadId, step.Id);
        var stepWrite = PrepareStepUpsert(step);
        var threadWrite = TouchThreadAsync(step.ThreadId, StepTypes.IsActivityMessage(step.Type), cancellationToken);
        var upsert = UpsertStepAsync(step, stepWrite, mapLikelyExists: false, cancellationToken);
        await Task.WhenAll(threadWrite, upsert).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One UpdateItem (two when the stored step has no metadata map yet). An update that arrives before its
    /// create writes a complete step (id, thread id, creation time), never a half item.
    /// </remarks>
    public async Task UpdateStepAsync(Step step, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("UpdateStep", step?.ThreadId, step?.Id);
        try
        {
            await UpdateStepCoreAsync(step!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private Task UpdateStepCoreAsync(Step step, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ValidateStep(step);
        Log.Operation(_logger, "UpdateStep", step.ThreadId, step.Id);
        return UpsertStepAsync(step, PrepareStepUpsert(step), mapLikelyExists: true, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One DeleteItem; a second request clears the thread's feedback marker when the step carried feedback (or was
    /// already gone, to repair an earlier delete that stopped half-way). Favourite markers are cleaned lazily by
    /// <see cref="GetFavoriteStepsAsync"/>.
    /// </remarks>
    public async Task DeleteStepAsync(string threadId, string stepId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("DeleteStep", threadId, stepId);
        try
        {
            await DeleteStepCoreAsync(threadId, stepId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task DeleteStepCoreAsync(string threadId, string stepId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(threadId, nameof(threadId));
        TableKeys.ValidateId(stepId, nameof(stepId));
        Log.Operation(_logger, "DeleteStep", threadId, stepId);
        var response = await _db.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = _table,
            Key = TableKeys.StepKey(threadId, stepId),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken).ConfigureAwait(false);
        var old = response.Attributes;
        if (old is not { Count: > 0 } || old.ContainsKey(StepItems.FeedbackAttribute))
        {
            await RemoveRatingAsync(threadId, stepId, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void ValidateStep(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        TableKeys.ValidateId(step.Id, nameof(step));
        TableKeys.ValidateId(step.ThreadId, nameof(step));
    }

    private sealed record StepWrite(Dictionary<string, AttributeValue> Attributes, Dictionary<string, AttributeValue?> Metadata);

    /// <summary>Converts and size-checks everything before the first request, so a bad step writes nothing.</summary>
    private StepWrite PrepareStepUpsert(Step step)
    {
        var attributes = StepItems.ScalarAttributes(step);
        var metadata = StepItems.MetadataChanges(step.Metadata, "step.metadata");
        var all = new Dictionary<string, AttributeValue>(attributes, StringComparer.Ordinal)
        {
            [StepItems.Metadata] = new() { M = metadata.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal) },
        };
        foreach (var (k, v) in TableKeys.StepKey(step.ThreadId, step.Id))
        {
            all[k] = v;
        }

        EnsureFits(all, "step", step.Id);
        Log.StepContent(_logger, step.Id, step.Output);
        return new StepWrite(attributes, metadata);
    }

    private Task UpsertStepAsync(Step step, StepWrite write, bool mapLikelyExists, CancellationToken cancellationToken)
    {
        var now = Now();
        return UpsertWithMetadataAsync(
            TableKeys.StepKey(step.ThreadId, step.Id),
            u =>
            {
                foreach (var (name, value) in write.Attributes)
                {
                    if (name != StepItems.CreatedAt)
                    {
                        u.Set(name, value);
                    }
                }

                // A given creation time is written as given; otherwise the first writer's time stays.
                if (write.Attributes.TryGetValue(StepItems.CreatedAt, out var createdAt))
                {
                    u.Set(StepItems.CreatedAt, createdAt);
                }
                else
                {
                    u.SetIfNotExists(StepItems.CreatedAt, S(now));
                }
            },
            StepItems.Metadata,
            write.Metadata,
            mapLikelyExists,
            itemMustExistCondition: null,
            returnValues: null,
            "step",
            step.Id,
            cancellationToken);
    }

    /// <summary>Creates the thread record if missing and, for a new message, bumps its last-activity time.</summary>
    private Task TouchThreadAsync(string threadId, bool isActivity, CancellationToken cancellationToken)
    {
        var now = Now();
        var u = new UpdateBuilder()
            .SetIfNotExists("id", S(threadId))
            .SetIfNotExists(ThreadItems.CreatedAt, S(now))
            .SetIfNotExists(ThreadItems.Metadata, new AttributeValue { M = [] })
            // Chainlit's list_threads reads item["name"]: a NULL name keeps it from failing on our threads.
            .SetIfNotExists("name", new AttributeValue { NULL = true });
        if (isActivity)
        {
            u.Set(TableKeys.UserThreadSortKey, S(TableKeys.Activity(now)));
        }

        return _db.UpdateItemAsync(u.ToRequest(_table, TableKeys.ThreadKey(threadId)), cancellationToken);
    }
}
