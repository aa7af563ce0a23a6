using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;
using Chat.DataLayer.DynamoDb.Markers;
using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.DynamoDb.Operations;

/// <summary>Writes and deletes steps (the SET decision itself is <see cref="StepItems.Upsert"/>).</summary>
internal sealed class StepOperations(DynamoDbGateway db, RatingsMarker ratings, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// Two UpdateItems, one after the other: the step upsert, then the thread's (created if missing; moved to the
    /// top of its owner's list for user and assistant messages). The step goes first because only the service can
    /// refuse it (a stored step that the update would push past 400 KB): a refused step must leave no trace, so the
    /// thread is touched only once the step is stored. A failure of the thread write leaves a stored step under a
    /// thread that is not listed yet; the same call retried writes the thread.
    /// </summary>
    public async Task CreateAsync(Step step, CancellationToken cancellationToken)
    {
        var write = Prepare(step);
        var now = time.GetUtcNow();
        await StepItems.Upsert(step, write, mapLikelyExists: false, now).SendAsync(db, cancellationToken).ConfigureAwait(false);
        await ThreadItems.Upsert(step.ThreadId, now, moveActivity: StepTypes.IsActivityMessage(step.Type))
            .SendAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One UpdateItem (two when the stored step has no metadata map yet).</summary>
    public Task UpdateAsync(Step step, CancellationToken cancellationToken) =>
        StepItems.Upsert(step, Prepare(step), mapLikelyExists: true, time.GetUtcNow()).SendAsync(db, cancellationToken);

    /// <summary>One DeleteItem, then the RATINGS marker's rule for a deleted step.</summary>
    public async Task DeleteAsync(string threadId, string stepId, CancellationToken cancellationToken)
    {
        var response = await db.DeleteItemAsync(new DeleteItemRequest
        {
            Key = StepItems.Key(threadId, stepId),
            ReturnValues = ReturnValue.ALL_OLD,
        }, cancellationToken).ConfigureAwait(false);
        await ratings.AfterStepDeletedAsync(threadId, stepId, response.Attributes, cancellationToken).ConfigureAwait(false);
    }

    private StepItems.Write Prepare(Step step)
    {
        var write = StepItems.Prepare(step);
        DynamoDbDataLayer.Log.StepContent(logger, step.Id, step.Output);
        return write;
    }
}
