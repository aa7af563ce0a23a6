namespace Chat.DataLayer.DynamoDb.Layout;

/// <summary>Chainlit's feedback id, <c>THREAD#{threadId}::STEP#{stepId}</c>, built and parsed by exact prefixes.</summary>
internal static class FeedbackIds
{
    private const string Separator = "::" + StepItems.Prefix;

    public static string Format(string threadId, string stepId) => ThreadItems.Prefix + threadId + Separator + stepId;

    /// <summary>Whether the id can be parsed back to exactly this thread and step (no second separator).</summary>
    public static bool IsUnambiguous(string threadId, string stepId) =>
        !threadId.Contains(Separator, StringComparison.Ordinal) && !stepId.Contains(Separator, StringComparison.Ordinal);

    /// <exception cref="ArgumentException">The id is not of the form <c>THREAD#{threadId}::STEP#{stepId}</c>.</exception>
    public static (string ThreadId, string StepId) Parse(string feedbackId, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feedbackId, paramName);
        var rest = TableKeys.RemovePrefix(feedbackId, ThreadItems.Prefix);
        var separator = rest?.IndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (rest is null || separator <= 0 || rest.IndexOf(Separator, separator + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException(
                $"'{feedbackId}' is not a feedback id of the form THREAD#{{threadId}}::STEP#{{stepId}}.", paramName);
        }

        var threadId = rest[..separator];
        var stepId = rest[(separator + Separator.Length)..];
        if (string.IsNullOrWhiteSpace(threadId) || string.IsNullOrWhiteSpace(stepId))
        {
            throw new ArgumentException($"'{feedbackId}' has an empty thread or step id.", paramName);
        }

        return (threadId, stepId);
    }
}
