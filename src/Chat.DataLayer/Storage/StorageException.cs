namespace Chat.DataLayer;

/// <summary>An object store failed; carries the object key and the store's own exception as the inner exception.</summary>
public class StorageException : DataLayerException
{
    /// <summary>Creates the exception.</summary>
    public StorageException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public StorageException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public StorageException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an object.</summary>
    /// <param name="objectKey">The key of the object the call was about.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The store's exception.</param>
    public StorageException(string? objectKey, string message, Exception? innerException) : base(message, innerException)
    {
        ObjectKey = objectKey;
    }

    /// <summary>The key of the object the failing call was about, if any.</summary>
    public string? ObjectKey { get; }
}
