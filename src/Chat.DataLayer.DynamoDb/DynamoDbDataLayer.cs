using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.DataLayer.DynamoDb;

/// <summary>
/// <see cref="IDataLayer"/> on one DynamoDB table laid out exactly as Chainlit's Python DynamoDB data layer lays
/// it out, so both can share a table. Thread-safe; meant to be a singleton. See docs/design.md for the layout,
/// the markers it adds and the number of requests each operation sends.
/// </summary>
public sealed partial class DynamoDbDataLayer : IDataLayer, IDisposable
{
    private readonly DynamoDbRequests _db;
    private readonly IStorageClient? _storage;
    private readonly ILogger _logger;
    private readonly DynamoDbDataLayerOptions _options;
    private readonly string _table;
    private readonly TimeProvider _time;
    private int _disposed;

    /// <summary>Creates the data layer.</summary>
    /// <param name="client">The DynamoDB client; owned by the caller and never disposed by the data layer.</param>
    /// <param name="options">The settings; <see cref="DynamoDbDataLayerOptions.TableName"/> is required.</param>
    /// <param name="storageClient">Where element files go; without one, elements are stored as links only.</param>
    /// <param name="logger">The logger (category <c>Chat.DataLayer.DynamoDb.DynamoDbDataLayer</c>).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public DynamoDbDataLayer(IAmazonDynamoDB client, DynamoDbDataLayerOptions options, IStorageClient? storageClient = null,
        ILogger<DynamoDbDataLayer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _db = new DynamoDbRequests(client);
        _options = options;
        _table = options.TableName;
        _time = options.TimeProvider;
        _storage = storageClient;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The table this data layer reads and writes.</summary>
    public string TableName => _table;

    /// <inheritdoc />
    public Task<string> BuildDebugUrlAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.FromResult("");
    }

    /// <summary>
    /// Marks the data layer disposed. The DynamoDB and storage clients belong to the caller and stay open.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        return ValueTask.CompletedTask;
    }

    /// <summary>Marks the data layer disposed, as <see cref="DisposeAsync"/> does (for containers disposed synchronously).</summary>
    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private string Now() => ChainlitTimestamp.Format(_time.GetUtcNow());

    private static AttributeValue S(string value) => new() { S = value };

    private static bool IsItemSizeError(AmazonDynamoDBException ex) =>
        ex.ErrorCode == "ValidationException" && ex.Message.Contains("size", StringComparison.OrdinalIgnoreCase);

    private static void EnsureFits(Dictionary<string, AttributeValue> attributes, string entityType, string entityId)
    {
        var size = ItemSize.Of(attributes);
        if (size > ItemSize.MaxItemBytes)
        {
            throw new ItemTooLargeException(entityType, entityId, size, ItemSize.MaxItemBytes);
        }
    }

    /// <summary>Sends an UpdateItem; a ConditionalCheckFailed comes back as <see langword="null"/>.</summary>
    private async Task<UpdateItemResponse?> TryUpdateAsync(UpdateItemRequest request, string entityType, string entityId,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _db.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
        catch (AmazonDynamoDBException ex) when (IsItemSizeError(ex))
        {
            throw new ItemTooLargeException(
                $"The {entityType} '{entityId}' would exceed DynamoDB's 400 KB item limit; nothing was written.", ex);
        }
    }

    /// <summary>
    /// Upserts an item whose <paramref name="metadataAttribute"/> map merges key by key (a null value removes a
    /// key). DynamoDB cannot set a nested key of a map that does not exist yet, so two conditional forms exist:
    /// merge into an existing map, or write the map whole where there is none. The likely one goes first; the other
    /// only runs when its condition fails, so the usual cost is one request.
    /// </summary>
    private async Task<UpdateItemResponse> UpsertWithMetadataAsync(
        Dictionary<string, AttributeValue> key,
        Action<UpdateBuilder> setCommon,
        string metadataAttribute,
        Dictionary<string, AttributeValue?> metadataChanges,
        bool mapLikelyExists,
        string? itemMustExistCondition,
        ReturnValue? returnValues,
        string entityType,
        string entityId,
        CancellationToken cancellationToken)
    {
        UpdateItemRequest Merge()
        {
            var u = new UpdateBuilder();
            setCommon(u);
            foreach (var (k, v) in metadataChanges)
            {
                if (v is null)
                {
                    u.RemoveNested(metadataAttribute, k);
                }
                else
                {
                    u.SetNested(metadataAttribute, k, v);
                }
            }

            var condition = $"attribute_type({u.Name(metadataAttribute)}, {u.Value(S("M"))})";
            return u.ToRequest(_table, key, Join(condition, itemMustExistCondition));
        }

        UpdateItemRequest Replace()
        {
            var u = new UpdateBuilder();
            setCommon(u);
            var map = metadataChanges.Where(kv => kv.Value is not null)
                .ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
            u.Set(metadataAttribute, new AttributeValue { M = map });
            var name = u.Name(metadataAttribute);
            var condition = $"(attribute_not_exists({name}) OR attribute_type({name}, {u.Value(S("NULL"))}))";
            return u.ToRequest(_table, key, Join(condition, itemMustExistCondition));
        }

        UpdateItemRequest Plain()
        {
            var u = new UpdateBuilder();
            setCommon(u);
            u.SetIfNotExists(metadataAttribute, new AttributeValue { M = [] });
            return u.ToRequest(_table, key, itemMustExistCondition);
        }

        var attempts = metadataChanges.Count == 0
            ? new Func<UpdateItemRequest>[] { Plain }
            : mapLikelyExists ? [Merge, Replace, Merge, Replace] : [Replace, Merge, Replace, Merge];
        foreach (var attempt in attempts)
        {
            var request = attempt();
            if (returnValues is not null)
            {
                request.ReturnValues = returnValues;
            }

            EnsureFits(request.ExpressionAttributeValues ?? [], entityType, entityId);
            if (System.Text.Encoding.UTF8.GetByteCount(request.UpdateExpression) > MaxExpressionBytes)
            {
                throw new ArgumentException(
                    $"The {entityType} '{entityId}' update merges {metadataChanges.Count} metadata keys, more than one DynamoDB update " +
                    $"expression ({MaxExpressionBytes} bytes) can hold; merge fewer keys a call. Nothing was written.",
                    metadataAttribute);
            }

            var response = await TryUpdateAsync(request, entityType, entityId, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return response;
            }
        }

        if (itemMustExistCondition is not null)
        {
            throw new EntityNotFoundException(entityType, entityId, null);
        }

        throw new DataLayerException($"The {entityType} '{entityId}' kept changing while its metadata was merged; try again.");
    }

    /// <summary>DynamoDB's limit on one update expression.</summary>
    private const int MaxExpressionBytes = 4096;

    private static string? Join(string? a, string? b) =>
        a is null ? b : b is null ? a : $"{a} AND {b}";

    /// <summary>Reads every page of a query.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var response = await _db.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        return items;
    }

    private TimeSpan BackoffDelay(int attempt)
    {
        // Exponential back-off with full jitter, bounded.
        var ceiling = Math.Min(_options.BatchRetryMaxDelay.TotalMilliseconds,
            _options.BatchRetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }

    /// <summary>Deletes items 25 a request, retrying what DynamoDB leaves unprocessed, in the given order.</summary>
    private async Task BatchDeleteAsync(IReadOnlyList<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < keys.Count; offset += 25)
        {
            var requests = keys.Skip(offset).Take(25)
                .Select(k => new WriteRequest { DeleteRequest = new DeleteRequest { Key = k } })
                .ToList();
            for (var attempt = 0; ; attempt++)
            {
                var response = await _db.BatchWriteItemAsync(
                    new BatchWriteItemRequest { RequestItems = new() { [_table] = requests } }, cancellationToken).ConfigureAwait(false);
                if (response.UnprocessedItems is null || !response.UnprocessedItems.TryGetValue(_table, out var left) || left is not { Count: > 0 })
                {
                    break;
                }

                if (attempt >= _options.MaxBatchRetries)
                {
                    throw new DataLayerException(
                        $"DynamoDB left {left.Count} deletes unprocessed after {attempt + 1} attempts; the operation can be retried.");
                }

                Log.BatchRetry(_logger, left.Count, attempt + 1);
                await Task.Delay(BackoffDelay(attempt + 1), _time, cancellationToken).ConfigureAwait(false);
                requests = left;
            }
        }
    }

    /// <summary>Reads items by key, 100 a request, retrying unprocessed keys.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> BatchGetAsync(IReadOnlyList<Dictionary<string, AttributeValue>> keys,
        CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        for (var offset = 0; offset < keys.Count; offset += 100)
        {
            var pending = new KeysAndAttributes { Keys = [.. keys.Skip(offset).Take(100)], ConsistentRead = true };
            for (var attempt = 0; ; attempt++)
            {
                var response = await _db.BatchGetItemAsync(
                    new BatchGetItemRequest { RequestItems = new() { [_table] = pending } }, cancellationToken).ConfigureAwait(false);
                if (response.Responses is not null && response.Responses.TryGetValue(_table, out var got) && got is not null)
                {
                    items.AddRange(got);
                }

                if (response.UnprocessedKeys is null || !response.UnprocessedKeys.TryGetValue(_table, out var left) || left?.Keys is not { Count: > 0 })
                {
                    break;
                }

                if (attempt >= _options.MaxBatchRetries)
                {
                    throw new DataLayerException($"DynamoDB left {left.Keys.Count} reads unprocessed after {attempt + 1} attempts.");
                }

                await Task.Delay(BackoffDelay(attempt + 1), _time, cancellationToken).ConfigureAwait(false);
                pending = left;
            }
        }

        return items;
    }
}
