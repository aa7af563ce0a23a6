namespace Chat.DataLayer.AgentFramework;

/// <summary>
/// A session or its history belongs to another user than the one the caller acts for: nothing was read or written.
/// The message names the thread, never the users.
/// </summary>
public sealed class ThreadOwnerMismatchException : DataLayerException
{
    /// <summary>Creates the exception.</summary>
    public ThreadOwnerMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ThreadOwnerMismatchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ThreadOwnerMismatchException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a thread.</summary>
    /// <param name="threadId">The thread owned by someone else.</param>
    /// <param name="reason">Why the caller's user was checked (for the message).</param>
    public ThreadOwnerMismatchException(string threadId, string reason)
        : base($"Thread '{threadId}' belongs to another user than the one {reason}.")
    {
        ThreadId = threadId;
    }

    /// <summary>The thread owned by someone else.</summary>
    public string? ThreadId { get; }
}
