namespace Chat.DataLayer;

/// <summary>An upload with <c>overwrite = false</c> found an object already stored under its key; nothing was replaced.</summary>
public class StorageObjectExistsException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public StorageObjectExistsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public StorageObjectExistsException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception for an object key.</summary>
    /// <param name="objectKey">The key that is already taken.</param>
    /// <param name="innerException">The store's exception.</param>
    public StorageObjectExistsException(string objectKey, Exception? innerException)
        : base(objectKey, $"An object already exists under the key '{objectKey}' and overwrite is false.", innerException)
    {
    }
}
