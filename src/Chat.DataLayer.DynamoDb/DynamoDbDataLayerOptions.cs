using Chat.DataLayer.Internal;

namespace Chat.DataLayer.DynamoDb;

/// <summary>Settings of <see cref="DynamoDbDataLayer"/>.</summary>
public sealed class DynamoDbDataLayerOptions
{
    /// <summary>The largest page <see cref="IDataLayer.ListThreadsAsync"/> returns, whatever <see cref="Pagination.First"/> asks.</summary>
    public const int DefaultMaxPageSize = 100;

    /// <summary>The DynamoDB table (required). Its layout is Chainlit's: see <see cref="DynamoDbTableSchema"/>.</summary>
    public string TableName { get; set; } = "";

    /// <summary>
    /// The largest number of threads one <see cref="IDataLayer.ListThreadsAsync"/> page holds; a larger
    /// <see cref="Pagination.First"/> is lowered to it. Default 100.
    /// </summary>
    public int MaxPageSize { get; set; } = DefaultMaxPageSize;

    /// <summary>
    /// How many times a batch write retries the items DynamoDB left unprocessed before it gives up. Default 8.
    /// </summary>
    public int MaxBatchRetries { get; set; } = 8;

    /// <summary>The first back-off delay between batch retries; doubled each time, with jitter. Default 50 ms.</summary>
    public TimeSpan BatchRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest back-off delay between batch retries. Default 5 s.</summary>
    public TimeSpan BatchRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With dependency injection: the service key of a keyed <c>IAmazonDynamoDB</c> the host registered for the data
    /// layer; <see langword="null"/> (default) uses the host's unkeyed client (<c>AddAWSService&lt;IAmazonDynamoDB&gt;()</c>).
    /// </summary>
    public string? ServiceKey { get; set; }

    /// <summary>
    /// With dependency injection: create the table and its index at start-up when missing, and wait until it is
    /// active. For development; default <see langword="false"/> (production tables come from deploy/).
    /// </summary>
    public bool EnsureTableCreated { get; set; }

    /// <summary>Whether and from where element URLs may be downloaded into storage (off by default).</summary>
    public RemoteFileOptions RemoteFiles { get; set; } = new();

    /// <summary>The clock the data layer stamps records with. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate() => OptionsValidation.ThrowIfAny(GetFailures());

    /// <summary>Every invalid setting (at most one failure per setting), in the order <see cref="Validate"/> checks them.</summary>
    internal IEnumerable<OptionsFailure> GetFailures()
    {
        if (DynamoDbTableSchema.TableNameProblem(TableName) is { } tableName)
        {
            yield return new(nameof(TableName), tableName);
        }

        if (MaxPageSize < 1)
        {
            yield return new(nameof(MaxPageSize), $"{nameof(MaxPageSize)} must be at least 1, not {MaxPageSize}.");
        }

        if (MaxBatchRetries < 0)
        {
            yield return new(nameof(MaxBatchRetries), $"{nameof(MaxBatchRetries)} must not be negative, not {MaxBatchRetries}.");
        }

        if (BatchRetryBaseDelay < TimeSpan.Zero || BatchRetryMaxDelay < BatchRetryBaseDelay)
        {
            yield return new(nameof(BatchRetryBaseDelay),
                $"{nameof(BatchRetryBaseDelay)} must not be negative and {nameof(BatchRetryMaxDelay)} must not be below it.");
        }

        if (RemoteFiles is null || RemoteFiles.MaxBytes < 1 || RemoteFiles.Timeout <= TimeSpan.Zero)
        {
            yield return new(nameof(RemoteFiles), $"{nameof(RemoteFiles)} must be set, with a positive MaxBytes and Timeout.");
        }

        if (TimeProvider is null)
        {
            yield return new(nameof(TimeProvider), $"{nameof(TimeProvider)} must be set.");
        }
    }
}
