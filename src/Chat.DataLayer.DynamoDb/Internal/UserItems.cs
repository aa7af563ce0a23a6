using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Internal;

/// <summary>Maps user items (<c>PK=USER#{identifier}</c>, <c>SK=USER</c>).</summary>
internal static class UserItems
{
    public const string DisplayName = "displayName";

    public static PersistedUser FromItem(Dictionary<string, AttributeValue> item)
    {
        var identifier = ItemReader.String(item, "identifier")
            ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.PartitionKey), TableKeys.UserPrefix) ?? "";
        return new PersistedUser
        {
            Id = ItemReader.String(item, "id") ?? identifier,
            Identifier = identifier,
            DisplayName = ItemReader.String(item, DisplayName),
            Metadata = ItemReader.Object(item, "metadata") ?? [],
            CreatedAt = ItemReader.Timestamp(item, "createdAt") ?? DateTimeOffset.UnixEpoch,
        };
    }
}
