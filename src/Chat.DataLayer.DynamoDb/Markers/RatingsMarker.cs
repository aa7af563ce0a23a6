using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb.Markers;

/// <summary>
/// The thread's RATINGS marker (<c>PK=THREAD#{threadId}</c>, <c>SK=RATINGS</c>, one attribute <c>r:{stepId}</c> =
/// N 0/1 per rated step), which the feedback filter of <c>ListThreadsAsync</c> reads instead of scanning steps.
/// Every use of it is here, and so is the rule that keeps it consistent without transactions: the marker is only
/// ever a subset of the truth after a failure, and the same call retried repairs it.
/// <list type="bullet">
/// <item>Rate (<c>UpsertFeedbackAsync</c>): the step's feedback first (only if the step exists), then the marker.</item>
/// <item>Unrate (<c>DeleteFeedbackAsync</c>): the marker first, then the step's feedback.</item>
/// <item>Step deleted (<c>DeleteStepAsync</c>): the rating is removed when the deleted step had feedback, or when the
/// step was already gone (repairing a delete that stopped between its two writes).</item>
/// <item>Thread deleted (<c>DeleteThreadAsync</c>): the marker is an item of the thread's partition, so deleting the
/// partition's items removes it; nothing to do here.</item>
/// <item>Filter (<see cref="KeepRatedAsync"/>) and rebuild from steps Chainlit's Python layer rated (<see cref="RebuildAsync"/>).</item>
/// </list>
/// </summary>
internal sealed class RatingsMarker(DynamoDbGateway db)
{
    public const string SortKey = "RATINGS";

    private const string AttributePrefix = "r:";

    public static Dictionary<string, AttributeValue> Key(string threadId) => TableKeys.Key(ThreadItems.Pk(threadId), SortKey);

    /// <summary>The attribute of the marker that holds a step's rating.</summary>
    public static string Attribute(string stepId) => AttributePrefix + stepId;

    /// <summary>Writes the feedback on its step, then the rating on the marker; returns the feedback id.</summary>
    /// <exception cref="EntityNotFoundException">The step does not exist; nothing was written.</exception>
    public async Task<string> RateAsync(Feedback feedback, CancellationToken cancellationToken)
    {
        var threadId = feedback.ThreadId!;
        var stepId = feedback.ForId!;
        var feedbackId = FeedbackId.Format(threadId, stepId);
        if (await db.TryUpdateAsync(StepItems.SetFeedback(feedback, feedbackId), "step", stepId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new EntityNotFoundException("step", stepId, threadId);
        }

        var marker = new UpdateBuilder().Set(Attribute(stepId), Rating(feedback.Value));
        await db.UpdateItemAsync(marker.ToRequest(Key(threadId)), cancellationToken).ConfigureAwait(false);
        feedback.Id = feedbackId;
        return feedbackId;
    }

    /// <summary>
    /// Removes the rating from the marker, then the feedback from its step (only if the step exists: never creates
    /// an item); <see langword="true"/> when the step exists, which after this call means it carries no feedback.
    /// The answer is the state, not whether this request removed something, so a call retried after a lost
    /// response (by the SDK or by the caller) answers the same as the first.
    /// </summary>
    public async Task<bool> UnrateAsync(string threadId, string stepId, CancellationToken cancellationToken)
    {
        await RemoveAsync(threadId, stepId, cancellationToken).ConfigureAwait(false);
        return await db.TryUpdateAsync(StepItems.RemoveFeedback(threadId, stepId), "step", stepId, cancellationToken).ConfigureAwait(false)
            is not null;
    }

    /// <summary>Follows a step's DeleteItem (ALL_OLD): removes its rating when it had feedback or was already gone.</summary>
    public Task AfterStepDeletedAsync(string threadId, string stepId, Dictionary<string, AttributeValue>? deletedItem,
        CancellationToken cancellationToken) =>
        deletedItem is not { Count: > 0 } || deletedItem.ContainsKey(StepItems.FeedbackAttribute)
            ? RemoveAsync(threadId, stepId, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Keeps the candidate index entries whose thread's marker holds a rating of <paramref name="rating"/>, reading
    /// markers 100 a request and stopping once <paramref name="needed"/> are found.
    /// </summary>
    public async Task<List<Dictionary<string, AttributeValue>>> KeepRatedAsync(List<Dictionary<string, AttributeValue>> candidates,
        int rating, int needed, CancellationToken cancellationToken)
    {
        var kept = new List<Dictionary<string, AttributeValue>>();
        var ratingText = rating.ToString(CultureInfo.InvariantCulture);
        for (var offset = 0; offset < candidates.Count && kept.Count < needed; offset += 100)
        {
            var chunk = candidates.Skip(offset).Take(100).ToList();
            var markers = await db.BatchGetAsync(
                [.. chunk.Select(c => TableKeys.Key(ItemReader.String(c, TableKeys.PartitionKey)!, SortKey))],
                cancellationToken).ConfigureAwait(false);
            var rated = markers
                .Where(m => m.Any(kv => kv.Key.StartsWith(AttributePrefix, StringComparison.Ordinal) && kv.Value.N == ratingText))
                .Select(m => ItemReader.String(m, TableKeys.PartitionKey))
                .ToHashSet(StringComparer.Ordinal);
            kept.AddRange(chunk.Where(c => rated.Contains(ItemReader.String(c, TableKeys.PartitionKey)!)));
        }

        return kept;
    }

    /// <summary>Replaces the thread's marker whole with the ratings of its steps, so ratings removed elsewhere go too.</summary>
    public async Task RebuildAsync(string threadId, IEnumerable<Step> steps, CancellationToken cancellationToken)
    {
        var key = Key(threadId);
        var marker = new Dictionary<string, AttributeValue>(key, StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (step.Feedback is { Value: 0 or 1 } feedback)
            {
                marker[Attribute(step.Id)] = Rating(feedback.Value);
            }
        }

        if (marker.Count == key.Count)
        {
            await db.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await db.PutItemAsync(new PutItemRequest { Item = marker }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes a step's rating; never creates the marker.</summary>
    private async Task RemoveAsync(string threadId, string stepId, CancellationToken cancellationToken)
    {
        var u = new UpdateBuilder().Remove(Attribute(stepId));
        var request = u.ToRequest(Key(threadId), $"attribute_exists({u.Name(TableKeys.SortKey)})");
        await db.TryUpdateAsync(request, "feedback marker", stepId, cancellationToken).ConfigureAwait(false);
    }

    private static AttributeValue Rating(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
