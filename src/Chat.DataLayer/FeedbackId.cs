using System.Diagnostics.CodeAnalysis;

namespace Chat.DataLayer;

/// <summary>
/// The id of a <see cref="Feedback"/>, as Chainlit forms it: <c>THREAD#{threadId}::STEP#{stepId}</c>. Use it to
/// find the thread and step a feedback id belongs to (for example, to check who may delete it) without parsing
/// the text yourself. Parsing removes the exact <c>THREAD#</c> prefix and splits on the one <c>::STEP#</c>; an id
/// with a second <c>::STEP#</c> could be read two ways and is rejected.
/// </summary>
public static class FeedbackId
{
    private const string Prefix = "THREAD#";
    private const string Separator = "::STEP#";

    /// <summary>Forms the feedback id of a step's rating.</summary>
    /// <param name="threadId">The thread's id.</param>
    /// <param name="stepId">The rated step's id.</param>
    public static string Format(string threadId, string stepId)
    {
        ArgumentNullException.ThrowIfNull(threadId);
        ArgumentNullException.ThrowIfNull(stepId);
        return Prefix + threadId + Separator + stepId;
    }

    /// <summary>Whether the id of this thread and step parses back to exactly them (neither contains <c>::STEP#</c>).</summary>
    /// <param name="threadId">The thread's id.</param>
    /// <param name="stepId">The rated step's id.</param>
    public static bool IsUnambiguous(string threadId, string stepId)
    {
        ArgumentNullException.ThrowIfNull(threadId);
        ArgumentNullException.ThrowIfNull(stepId);
        return !threadId.Contains(Separator, StringComparison.Ordinal) && !stepId.Contains(Separator, StringComparison.Ordinal);
    }

    /// <summary>Reads the thread and step ids out of a feedback id.</summary>
    /// <param name="feedbackId">The feedback id.</param>
    /// <param name="threadId">The thread's id, when the id is well formed.</param>
    /// <param name="stepId">The rated step's id, when the id is well formed.</param>
    /// <returns>Whether the id has the form <c>THREAD#{threadId}::STEP#{stepId}</c> with non-blank ids.</returns>
    public static bool TryParse([NotNullWhen(true)] string? feedbackId, [NotNullWhen(true)] out string? threadId,
        [NotNullWhen(true)] out string? stepId)
    {
        threadId = null;
        stepId = null;
        if (feedbackId is null || !feedbackId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = feedbackId[Prefix.Length..];
        var separator = rest.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || rest.IndexOf(Separator, separator + 1, StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        var thread = rest[..separator];
        var step = rest[(separator + Separator.Length)..];
        if (string.IsNullOrWhiteSpace(thread) || string.IsNullOrWhiteSpace(step))
        {
            return false;
        }

        threadId = thread;
        stepId = step;
        return true;
    }

    /// <summary>Reads the thread and step ids out of a feedback id.</summary>
    /// <param name="feedbackId">The feedback id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="feedbackId"/> is null.</exception>
    /// <exception cref="ArgumentException">The id is not of the form <c>THREAD#{threadId}::STEP#{stepId}</c>.</exception>
    public static (string ThreadId, string StepId) Parse(string feedbackId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feedbackId);
        return TryParse(feedbackId, out var threadId, out var stepId)
            ? (threadId, stepId)
            : throw new ArgumentException(
                $"'{feedbackId}' is not a feedback id of the form THREAD#{{threadId}}::STEP#{{stepId}} with non-blank ids.", nameof(feedbackId));
    }
}
