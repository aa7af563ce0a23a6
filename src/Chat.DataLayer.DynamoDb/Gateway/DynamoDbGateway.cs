using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Chat.DataLayer.DynamoDb.Diagnostics;
using Chat.DataLayer.DynamoDb.Serialization;
using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.DynamoDb.Gateway;

/// <summary>
/// The DynamoDB mechanics, and the only type that talks to the client. Every request gets the table name, asks for
/// consumed capacity, names the library in the User-Agent (per request, so a client the host owns is not
/// reconfigured) and is counted in the request and capacity metrics. On top: query paging, batch reads and batch
/// deletes with bounded retry of unprocessed items, the 400 KB size guard and the mapping of the service's size error.
/// </summary>
internal sealed class DynamoDbGateway(IAmazonDynamoDB client, DynamoDbDataLayerOptions options, ILogger logger)
{
    private const int BatchGetLimit = 100;
    private const int BatchWriteLimit = 25;

    private static readonly string UserAgent = "lib/Chat.DataLayer#" +
        (typeof(DynamoDbGateway).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0");

    /// <summary>The table every request goes to.</summary>
    public string Table { get; } = options.TableName;

    public Task<GetItemResponse> GetItemAsync(GetItemRequest request, CancellationToken cancellationToken)
    {
        request.TableName = Table;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("GetItem", request, client.GetItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<PutItemResponse> PutItemAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        request.TableName = Table;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("PutItem", request, client.PutItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<UpdateItemResponse> UpdateItemAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        request.TableName = Table;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("UpdateItem", request, client.UpdateItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<DeleteItemResponse> DeleteItemAsync(DeleteItemRequest request, CancellationToken cancellationToken)
    {
        request.TableName = Table;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("DeleteItem", request, client.DeleteItemAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    public Task<QueryResponse> QueryAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        request.TableName = Table;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return SendAsync("Query", request, client.QueryAsync, r => r.ConsumedCapacity?.CapacityUnits, cancellationToken);
    }

    /// <summary>One strongly consistent GetItem; <see langword="null"/> when there is no such item.</summary>
    /// <param name="key">The item's key.</param>
    /// <param name="attributes">The attributes to read; all of them when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<Dictionary<string, AttributeValue>?> GetAsync(Dictionary<string, AttributeValue> key,
        IReadOnlyList<string>? attributes, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest { Key = key, ConsistentRead = true };
        if (attributes is not null)
        {
            request.ExpressionAttributeNames = [];
            for (var i = 0; i < attributes.Count; i++)
            {
                request.ExpressionAttributeNames["#a" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = attributes[i];
            }

            request.ProjectionExpression = string.Join(", ", request.ExpressionAttributeNames.Keys);
        }

        var response = await GetItemAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    /// <summary>Puts an item after checking its size.</summary>
    public Task<PutItemResponse> PutAsync(Dictionary<string, AttributeValue> item, string entityType, string entityId,
        CancellationToken cancellationToken)
    {
        EnsureFits(item, entityType, entityId);
        return PutItemAsync(new PutItemRequest { Item = item }, cancellationToken);
    }

    /// <summary>Deletes one item, unconditionally.</summary>
    public Task<DeleteItemResponse> DeleteAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken) =>
        DeleteItemAsync(new DeleteItemRequest { Key = key }, cancellationToken);

    /// <summary>
    /// Sends an UpdateItem; a ConditionalCheckFailed comes back as <see langword="null"/>, and DynamoDB's size error
    /// (an item that would grow past 400 KB) as <see cref="ItemTooLargeException"/>.
    /// </summary>
    public async Task<UpdateItemResponse?> TryUpdateAsync(UpdateItemRequest request, string entityType, string entityId,
        CancellationToken cancellationToken)
    {
        try
        {
            return await UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Reads every page of a query.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var response = await QueryAsync(request, cancellationToken).ConfigureAwait(false);
            items.AddRange(response.Items ?? []);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (request.ExclusiveStartKey is not null);

        return items;
    }

    /// <summary>Reads every item of one partition (strongly consistent), optionally only sort keys with a prefix and some attributes.</summary>
    public Task<List<Dictionary<string, AttributeValue>>> QueryPartitionAsync(string partitionKey, string? sortKeyPrefix,
        IReadOnlyList<string>? attributes, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string> { ["#pk"] = TableKeys.PartitionKey };
        var values = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = partitionKey } };
        var condition = "#pk = :pk";
        if (sortKeyPrefix is not null)
        {
            names["#sk"] = TableKeys.SortKey;
            values[":prefix"] = new() { S = sortKeyPrefix };
            condition += " AND begins_with(#sk, :prefix)";
        }

        string? projection = null;
        if (attributes is not null)
        {
            // One placeholder per attribute: the key names reuse #pk/#sk rather than naming the same attribute twice.
            var placeholders = new List<string>(attributes.Count);
            foreach (var attribute in attributes)
            {
                var placeholder = names.FirstOrDefault(kv => kv.Value == attribute).Key;
                if (placeholder is null)
                {
                    placeholder = attribute == TableKeys.SortKey ? "#sk" : "#a" + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    names[placeholder] = attribute;
                }

                placeholders.Add(placeholder);
            }

            projection = string.Join(", ", placeholders);
        }

        return QueryAllAsync(new QueryRequest
        {
            KeyConditionExpression = condition,
            ProjectionExpression = projection,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            ConsistentRead = true,
        }, cancellationToken);
    }

    /// <summary>Reads items by key, 100 a request, retrying unprocessed keys.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> BatchGetAsync(IReadOnlyList<Dictionary<string, AttributeValue>> keys,
        CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        for (var offset = 0; offset < keys.Count; offset += BatchGetLimit)
        {
            var pending = new KeysAndAttributes { Keys = [.. keys.Skip(offset).Take(BatchGetLimit)], ConsistentRead = true };
            for (var attempt = 0; ; attempt++)
            {
                var response = await SendAsync("BatchGetItem", new BatchGetItemRequest { RequestItems = new() { [Table] = pending }, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
                    client.BatchGetItemAsync, BatchCapacity, cancellationToken).ConfigureAwait(false);
                if (response.Responses is not null && response.Responses.TryGetValue(Table, out var got) && got is not null)
                {
                    items.AddRange(got);
                }

                if (response.UnprocessedKeys is null || !response.UnprocessedKeys.TryGetValue(Table, out var left) || left?.Keys is not { Count: > 0 })
                {
                    break;
                }

                if (attempt >= options.MaxBatchRetries)
                {
                    throw new DataLayerException($"DynamoDB left {left.Keys.Count} reads unprocessed after {attempt + 1} attempts.");
                }

                await Task.Delay(BackoffDelay(attempt + 1), options.TimeProvider, cancellationToken).ConfigureAwait(false);
                pending = left;
            }
        }

        return items;
    }

    /// <summary>Deletes items 25 a request, in the given order, retrying what DynamoDB leaves unprocessed.</summary>
    public async Task BatchDeleteAsync(IReadOnlyList<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < keys.Count; offset += BatchWriteLimit)
        {
            var requests = keys.Skip(offset).Take(BatchWriteLimit)
                .Select(k => new WriteRequest { DeleteRequest = new DeleteRequest { Key = k } })
                .ToList();
            for (var attempt = 0; ; attempt++)
            {
                var response = await SendAsync("BatchWriteItem", new BatchWriteItemRequest { RequestItems = new() { [Table] = requests }, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
                    client.BatchWriteItemAsync, BatchCapacity, cancellationToken).ConfigureAwait(false);
                if (response.UnprocessedItems is null || !response.UnprocessedItems.TryGetValue(Table, out var left) || left is not { Count: > 0 })
                {
                    break;
                }

                if (attempt >= options.MaxBatchRetries)
                {
                    throw new DataLayerException(
                        $"DynamoDB left {left.Count} deletes unprocessed after {attempt + 1} attempts; the operation can be retried.");
                }

                DynamoDbDataLayer.Log.BatchRetry(logger, left.Count, attempt + 1);
                await Task.Delay(BackoffDelay(attempt + 1), options.TimeProvider, cancellationToken).ConfigureAwait(false);
                requests = left;
            }
        }
    }

    /// <summary>
    /// Refuses, before anything is sent, a write that DynamoDB would not store as given: text that is not
    /// well-formed UTF-16 anywhere in it (an <see cref="ArgumentException"/> naming <paramref name="entityType"/>, the
    /// argument that carried it: the SDK would send an unpaired surrogate as U+FFFD), or attributes past the 400 KB
    /// item limit (<see cref="ItemTooLargeException"/>).
    /// </summary>
    public static void EnsureFits(Dictionary<string, AttributeValue> attributes, string entityType, string entityId)
    {
        foreach (var (name, value) in attributes)
        {
            if (!IsValidText(name) || !IsValidText(value))
            {
                throw new ArgumentException(
                    $"The {entityType} holds text that is not valid UTF-16 (an unpaired surrogate, in '{name}'), which DynamoDB would store as U+FFFD; nothing was written.",
                    entityType);
            }
        }

        var size = ItemSize.Of(attributes);
        if (size > ItemSize.MaxItemBytes)
        {
            throw new ItemTooLargeException(entityType, entityId, size, ItemSize.MaxItemBytes);
        }
    }

    private static bool IsValidText(string text) => Utf16Text.IsValid(text);

    private static bool IsValidText(AttributeValue value) =>
        (value.S is null || IsValidText(value.S)) &&
        (value.M is null || value.M.All(kv => IsValidText(kv.Key) && (kv.Value is null || IsValidText(kv.Value)))) &&
        (value.L is null || value.L.All(v => v is null || IsValidText(v))) &&
        (value.SS is null || value.SS.All(IsValidText));

    /// <summary>
    /// DynamoDB has no error code of its own for an oversized item: it answers <c>ValidationException</c> with the
    /// fixed text "Item size has exceeded the maximum allowed size" (PutItem, BatchWriteItem) or "Item size to update
    /// has exceeded the maximum allowed size" (UpdateItem). The code decides; the fixed opening tells this validation
    /// error from the others (expressions, keys, a key attribute "size"), which must not become ItemTooLarge.
    /// </summary>
    private static bool IsItemSizeError(AmazonDynamoDBException ex) =>
        ex.ErrorCode == ValidationErrorCode && ex.Message.StartsWith(ItemSizeErrorOpening, StringComparison.Ordinal);

    private const string ValidationErrorCode = "ValidationException";
    private const string ItemSizeErrorOpening = "Item size";

    private TimeSpan BackoffDelay(int attempt)
    {
        // Exponential back-off with full jitter, bounded.
        var ceiling = Math.Min(options.BatchRetryMaxDelay.TotalMilliseconds,
            options.BatchRetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private static double? BatchCapacity(BatchGetItemResponse r) => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0);

    private static double? BatchCapacity(BatchWriteItemResponse r) => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0);

    private static async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request,
        Func<TRequest, CancellationToken, Task<TResponse>> send, Func<TResponse, double?> capacity, CancellationToken cancellationToken)
        where TRequest : AmazonWebServiceRequest
    {
        ((IAmazonWebServiceRequest)request).UserAgentDetails.AddUserAgentComponent(UserAgent);
        try
        {
            var response = await send(request, cancellationToken).ConfigureAwait(false);
            DynamoDbTelemetry.RecordRequest(operation, capacity(response));
            return response;
        }
        catch (Exception)
        {
            DynamoDbTelemetry.RecordRequest(operation, null);
            throw;
        }
    }
}
