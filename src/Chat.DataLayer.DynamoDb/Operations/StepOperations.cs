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
    /// Two UpdateItems sent together: the step upsert, and the thread's (created if missing; moved to the top of
    /// its owner's list for user and assistant messages).
    /// </summary>
    public Task CreateAsync(Step step, CancellationToken cancellationToken)
    {
        var write = Prepare(step);
        var now = time.GetUtcNow();
        var threadWrite = ThreadItems.Upsert(step.ThreadId, now, moveActivity: StepTypes.IsActivityMessage(step.Type))
            .SendAsync(db, cancellationToken);
        var stepWrite = StepItems.Upsert(step, write, mapLikelyExists: false, now).SendAsync(db, cancellationToken);
        return Task.WhenAll(threadWrite, stepWrite);
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
