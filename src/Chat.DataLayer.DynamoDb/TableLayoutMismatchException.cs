namespace Chat.DataLayer.DynamoDb;

/// <summary>
/// An existing DynamoDB table does not have the layout the data layer needs (string keys <c>PK</c>/<c>SK</c>, a
/// <c>UserThread</c> index on string keys <c>UserThreadPK</c>/<c>UserThreadSK</c> projecting <c>id</c> and
/// <c>name</c>). Thrown by <see cref="DynamoDbTableSchema.EnsureTableAsync"/> instead of using the table; the
/// message and <see cref="Problems"/> list every difference. Nothing was written to the table.
/// </summary>
public sealed class TableLayoutMismatchException : DataLayerException
{
    /// <summary>Creates the exception.</summary>
    public TableLayoutMismatchException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public TableLayoutMismatchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TableLayoutMismatchException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a table and the ways it differs from the layout.</summary>
    /// <param name="tableName">The table checked.</param>
    /// <param name="problems">Every difference, one short sentence each (e.g. <c>PK is N, expected S</c>).</param>
    public TableLayoutMismatchException(string tableName, IReadOnlyList<string> problems)
        : base(Describe(tableName, problems))
    {
        TableName = tableName;
        Problems = problems?.ToArray() ?? [];
    }

    /// <summary>The table checked, when known.</summary>
    public string? TableName { get; }

    /// <summary>Every difference between the table and the layout; empty when not known.</summary>
    public IReadOnlyList<string> Problems { get; } = [];

    internal static string Describe(string? tableName, IReadOnlyList<string>? problems) =>
        $"DynamoDB table '{tableName}' does not have the layout the data layer needs: {string.Join("; ", problems ?? [])}.";
}
