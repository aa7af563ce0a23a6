using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <inheritdoc />
    /// <remarks>
    /// Two UpdateItems, in this order: the step's <c>feedback</c> map (only if the step exists: no phantom step),
    /// then the thread's RATINGS marker that the feedback filter of <see cref="ListThreadsAsync"/> reads. Both are
    /// idempotent, so retrying after a failure between them repairs the marker.
    /// </remarks>
    public async Task<string> UpsertFeedbackAsync(Feedback feedback, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("UpsertFeedback", feedback?.ThreadId, feedback?.ForId);
        try
        {
            return await UpsertFeedbackCoreAsync(feedback!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<string> UpsertFeedbackCoreAsync(Feedback feedback, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(feedback);
        if (string.IsNullOrWhiteSpace(feedback.ThreadId))
        {
            throw new ArgumentException("Feedback.ThreadId is required.", nameof(feedback));
        }

        if (string.IsNullOrWhiteSpace(feedback.ForId))
        {
            throw new ArgumentException("Feedback.ForId (the rated step's id) is required.", nameof(feedback));
        }

        TableKeys.ValidateId(feedback.ThreadId, nameof(feedback));
        TableKeys.ValidateId(feedback.ForId, nameof(feedback));
        if (feedback.Value is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(feedback), feedback.Value, "Feedback.Value must be 0 or 1.");
        }

        if (!FeedbackIds.IsUnambiguous(feedback.ThreadId, feedback.ForId))
        {
            throw new ArgumentException(
                "A thread or step id containing '::STEP#' would make the feedback id ambiguous.", nameof(feedback));
        }

        var threadId = feedback.ThreadId;
        var stepId = feedback.ForId;
        var feedbackId = FeedbackIds.Format(threadId, stepId);
        Log.Operation(_logger, "UpsertFeedback", threadId, stepId);

        var stepUpdate = new UpdateBuilder().Set(StepItems.FeedbackAttribute, StepItems.FeedbackToAttribute(feedback, feedbackId));
        var request = stepUpdate.ToRequest(_table, TableKeys.StepKey(threadId, stepId), $"attribute_exists({stepUpdate.Name(TableKeys.SortKey)})");
        if (await TryUpdateAsync(request, "step", stepId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new EntityNotFoundException("step", stepId, threadId);
        }

        var marker = new UpdateBuilder().Set(TableKeys.RatingAttribute(stepId), new AttributeValue
        {
            N = feedback.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await _db.UpdateItemAsync(marker.ToRequest(_table, TableKeys.RatingsKey(threadId)), cancellationToken).ConfigureAwait(false);
        feedback.Id = feedbackId;
        return feedbackId;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Two UpdateItems, marker first: if the second fails the step still shows its feedback and a retry removes
    /// both. Neither creates an item.
    /// </remarks>
    public async Task<bool> DeleteFeedbackAsync(string feedbackId, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("DeleteFeedback", null, feedbackId);
        try
        {
            return await DeleteFeedbackCoreAsync(feedbackId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<bool> DeleteFeedbackCoreAsync(string feedbackId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var (threadId, stepId) = FeedbackIds.Parse(feedbackId, nameof(feedbackId));
        TableKeys.ValidateId(threadId, nameof(feedbackId));
        TableKeys.ValidateId(stepId, nameof(feedbackId));
        Log.Operation(_logger, "DeleteFeedback", threadId, stepId);
        await RemoveRatingAsync(threadId, stepId, cancellationToken).ConfigureAwait(false);

        var u = new UpdateBuilder().Remove(StepItems.FeedbackAttribute);
        var request = u.ToRequest(_table, TableKeys.StepKey(threadId, stepId), $"attribute_exists({u.Name(StepItems.FeedbackAttribute)})");
        return await TryUpdateAsync(request, "step", stepId, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Removes a step's rating from its thread's RATINGS marker; never creates the marker.</summary>
    private async Task RemoveRatingAsync(string threadId, string stepId, CancellationToken cancellationToken)
    {
        var u = new UpdateBuilder().Remove(TableKeys.RatingAttribute(stepId));
        var request = u.ToRequest(_table, TableKeys.RatingsKey(threadId), $"attribute_exists({u.Name(TableKeys.SortKey)})");
        await TryUpdateAsync(request, "feedback marker", stepId, cancellationToken).ConfigureAwait(false);
    }
}
