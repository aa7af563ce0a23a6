namespace Chat.DataLayer;

/// <summary>An operation needs an entity (a step, a thread) that does not exist; nothing was written.</summary>
public class EntityNotFoundException : DataLayerException
{
    /// <summary>Creates the exception.</summary>
    public EntityNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is missing.</param>
    public EntityNotFoundException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is missing.</param>
    /// <param name="innerException">The cause.</param>
    public EntityNotFoundException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a named entity.</summary>
    /// <param name="entityType">The kind of entity, such as <c>step</c>.</param>
    /// <param name="entityId">The entity's id.</param>
    /// <param name="threadId">The thread the entity belongs to, if any.</param>
    public EntityNotFoundException(string entityType, string entityId, string? threadId)
        : base(threadId is null
            ? $"The {entityType} '{entityId}' does not exist."
            : $"The {entityType} '{entityId}' does not exist in thread '{threadId}'.")
    {
        EntityType = entityType;
        EntityId = entityId;
        ThreadId = threadId;
    }

    /// <summary>The kind of entity that is missing, such as <c>step</c> or <c>thread</c>.</summary>
    public string? EntityType { get; }

    /// <summary>The id of the missing entity.</summary>
    public string? EntityId { get; }

    /// <summary>The thread the missing entity belongs to, if any.</summary>
    public string? ThreadId { get; }
}
