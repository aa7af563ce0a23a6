namespace Chat.DataLayer;

/// <summary>The base type of the errors the data layer reports; the store's own exception is kept as the inner exception.</summary>
public class DataLayerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataLayerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public DataLayerException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DataLayerException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
