using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Operations;

/// <summary>The argument checks of <see cref="DynamoDbDataLayer"/>'s methods that take more than ids.</summary>
internal static class Arguments
{
    public static void Step(Step step)
    {
        ArgumentNullException.ThrowIfNull(step);
        TableKeys.ValidateId(step.Id, nameof(step));
        TableKeys.ValidateId(step.ThreadId, nameof(step));
    }

    public static void Feedback(Feedback feedback)
    {
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
        Utf16Text.Ensure(feedback.Comment, nameof(feedback), "Feedback.Comment");
        if (feedback.Value is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(feedback), feedback.Value, "Feedback.Value must be 0 or 1.");
        }

        if (!FeedbackId.IsUnambiguous(feedback.ThreadId, feedback.ForId))
        {
            throw new ArgumentException(
                "A thread or step id containing '::STEP#' would make the feedback id ambiguous.", nameof(feedback));
        }
    }

    public static void List(Pagination pagination, ThreadFilter filter)
    {
        ArgumentNullException.ThrowIfNull(pagination);
        ArgumentNullException.ThrowIfNull(filter);
        if (pagination.First < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pagination), pagination.First, "Pagination.First must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(filter.UserId))
        {
            throw new ArgumentException(
                "ThreadFilter.UserId is required: threads are listed per user (listing every user's threads would need a table scan).",
                nameof(filter));
        }

        TableKeys.ValidateId(filter.UserId, nameof(filter), TableKeys.MaxPartitionKeyBytes);
        if (filter.Feedback is not (null or 0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter.Feedback, "ThreadFilter.Feedback must be 0, 1 or null.");
        }
    }

    public static void Element(Element element)
    {
        ArgumentNullException.ThrowIfNull(element);
        TableKeys.ValidateId(element.Id, nameof(element));
        TableKeys.ValidateId(element.ThreadId, nameof(element));
        if (string.IsNullOrWhiteSpace(element.Type))
        {
            throw new ArgumentException("Element.Type is required.", nameof(element));
        }
    }
}
