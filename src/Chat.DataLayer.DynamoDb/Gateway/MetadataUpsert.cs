using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Gateway;

/// <summary>
/// An UpdateItem upsert of an item whose <c>metadata</c> map merges key by key (a null value removes a key).
/// DynamoDB cannot SET a nested key of a map that does not exist (or is NULL, as Chainlit stores Python None), so
/// the request comes in three forms:
/// <list type="bullet">
/// <item><b>plain</b> (no metadata changes): the common SETs and <c>metadata = if_not_exists(metadata, {})</c>; one request.</item>
/// <item><b>merge</b>: <c>SET metadata.k = v</c> / <c>REMOVE metadata.k</c>, on condition <c>attribute_type(metadata, M)</c>.</item>
/// <item><b>replace</b>: <c>SET metadata = {the non-null changes}</c>, on condition the map is absent or NULL.</item>
/// </list>
/// Attempts: the likely form (<see cref="MapLikelyExists"/>) first, the other only when its condition fails, then
/// both once more in case a concurrent writer created or cleared the map in between: at most four requests, usually
/// one. When all four fail, the item had to exist and does not (<see cref="EntityNotFoundException"/>), or it kept
/// changing (<see cref="DataLayerException"/>).
/// </summary>
internal sealed class MetadataUpsert
{
    /// <summary>DynamoDB's limit on one update expression.</summary>
    private const int MaxExpressionBytes = 4096;

    public const string MetadataAttribute = "metadata";

    public required Dictionary<string, AttributeValue> Key { get; init; }

    /// <summary>Adds the SETs every form shares (the item's other attributes).</summary>
    public required Action<UpdateBuilder> SetCommon { get; init; }

    /// <summary>The metadata keys to write; a <see langword="null"/> value removes its key.</summary>
    public required Dictionary<string, AttributeValue?> MetadataChanges { get; init; }

    public bool MapLikelyExists { get; init; }

    /// <summary>A condition that makes the upsert an update of an existing item only.</summary>
    public string? ItemMustExistCondition { get; init; }

    public ReturnValue? ReturnValues { get; init; }

    public required string EntityType { get; init; }

    public required string EntityId { get; init; }

    /// <summary>The metadata keys as attribute values, converted before any request; JSON null stands for "remove this key".</summary>
    public static Dictionary<string, AttributeValue?> Changes(JsonObject? metadata, string path)
    {
        var changes = new Dictionary<string, AttributeValue?>(StringComparer.Ordinal);
        if (metadata is null)
        {
            return changes;
        }

        foreach (var (key, value) in metadata)
        {
            JsonAttributeConverter.CheckKey(key, path, allowEmpty: false);
            changes[key] = value is null ? null : JsonAttributeConverter.ToAttributeValue(value, $"{path}.{key}");
        }

        return changes;
    }

    /// <summary>The non-null changes as a whole map (what the replace form writes).</summary>
    public static Dictionary<string, AttributeValue> WholeMap(Dictionary<string, AttributeValue?> changes) =>
        changes.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    public async Task<UpdateItemResponse> SendAsync(DynamoDbGateway db, CancellationToken cancellationToken)
    {
        var attempts = MetadataChanges.Count == 0
            ? new Func<UpdateItemRequest>[] { Plain }
            : MapLikelyExists ? [Merge, Replace, Merge, Replace] : [Replace, Merge, Replace, Merge];
        foreach (var attempt in attempts)
        {
            var request = attempt();
            if (ReturnValues is not null)
            {
                request.ReturnValues = ReturnValues;
            }

            DynamoDbGateway.EnsureFits(request.ExpressionAttributeValues ?? [], EntityType, EntityId);
            if (Encoding.UTF8.GetByteCount(request.UpdateExpression) > MaxExpressionBytes)
            {
                throw new ArgumentException(
                    $"The {EntityType} '{EntityId}' update merges {MetadataChanges.Count} metadata keys, more than one DynamoDB update " +
                    $"expression ({MaxExpressionBytes} bytes) can hold; merge fewer keys a call. Nothing was written.",
                    MetadataAttribute);
            }

            var response = await db.TryUpdateAsync(request, EntityType, EntityId, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return response;
            }
        }

        if (ItemMustExistCondition is not null)
        {
            throw new EntityNotFoundException(EntityType, EntityId, null);
        }

        throw new DataLayerException($"The {EntityType} '{EntityId}' kept changing while its metadata was merged; try again.");
    }

    private UpdateItemRequest Merge()
    {
        var u = new UpdateBuilder();
        SetCommon(u);
        foreach (var (k, v) in MetadataChanges)
        {
            if (v is null)
            {
                u.RemoveNested(MetadataAttribute, k);
            }
            else
            {
                u.SetNested(MetadataAttribute, k, v);
            }
        }

        var condition = $"attribute_type({u.Name(MetadataAttribute)}, {u.Value(new AttributeValue { S = "M" })})";
        return u.ToRequest(Key, Join(condition, ItemMustExistCondition));
    }

    private UpdateItemRequest Replace()
    {
        var u = new UpdateBuilder();
        SetCommon(u);
        u.Set(MetadataAttribute, new AttributeValue { M = WholeMap(MetadataChanges) });
        var name = u.Name(MetadataAttribute);
        var condition = $"(attribute_not_exists({name}) OR attribute_type({name}, {u.Value(new AttributeValue { S = "NULL" })}))";
        return u.ToRequest(Key, Join(condition, ItemMustExistCondition));
    }

    private UpdateItemRequest Plain()
    {
        var u = new UpdateBuilder();
        SetCommon(u);
        u.SetIfNotExists(MetadataAttribute, new AttributeValue { M = [] });
        return u.ToRequest(Key, ItemMustExistCondition);
    }

    private static string? Join(string? a, string? b) =>
        a is null ? b : b is null ? a : $"{a} AND {b}";
}
