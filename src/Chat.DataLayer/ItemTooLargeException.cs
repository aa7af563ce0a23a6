namespace Chat.DataLayer;

/// <summary>
/// A record is larger than the store accepts (400 KB for a DynamoDB item). Raised before anything is written.
/// </summary>
public class ItemTooLargeException : DataLayerException
{
    /// <summary>Creates the exception.</summary>
    public ItemTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is too large.</param>
    public ItemTooLargeException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is too large.</param>
    /// <param name="innerException">The cause.</param>
    public ItemTooLargeException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a sized record.</summary>
    /// <param name="entityType">The kind of record, such as <c>step</c>.</param>
    /// <param name="entityId">The record's id.</param>
    /// <param name="size">The record's size in bytes.</param>
    /// <param name="limit">The store's limit in bytes.</param>
    public ItemTooLargeException(string entityType, string entityId, long size, long limit)
        : base($"The {entityType} '{entityId}' is {size} bytes, over the store's limit of {limit} bytes; nothing was written.")
    {
        EntityType = entityType;
        EntityId = entityId;
        Size = size;
        Limit = limit;
    }

    /// <summary>The kind of record, such as <c>step</c>.</summary>
    public string? EntityType { get; }

    /// <summary>The record's id.</summary>
    public string? EntityId { get; }

    /// <summary>The record's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The store's limit in bytes.</summary>
    public long Limit { get; }
}
