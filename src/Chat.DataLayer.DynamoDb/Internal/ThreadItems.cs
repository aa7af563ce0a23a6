using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Internal;

/// <summary>Maps thread items (<c>PK=THREAD#{id}</c>, <c>SK=THREAD</c>) and their <c>UserThread</c> index entries.</summary>
internal static class ThreadItems
{
    public const string UserId = "userId";
    public const string UserIdentifier = "userIdentifier";
    public const string Metadata = "metadata";
    public const string CreatedAt = "createdAt";

    public static ChatThread FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Id = ItemReader.String(item, "id") ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.PartitionKey), TableKeys.ThreadPrefix) ?? "",
        CreatedAt = ItemReader.Timestamp(item, CreatedAt),
        Name = ItemReader.String(item, "name"),
        UserId = ItemReader.String(item, UserId),
        UserIdentifier = ItemReader.String(item, UserIdentifier) ?? ItemReader.String(item, UserId),
        Tags = ItemReader.StringList(item, "tags"),
        Metadata = ItemReader.Object(item, Metadata),
    };

    /// <summary>
    /// A thread from its index entry: the index projects only the id and name, so <see cref="ChatThread.CreatedAt"/>
    /// carries the last-activity time the list is ordered by (as Chainlit's list does).
    /// </summary>
    public static ChatThread FromIndexEntry(Dictionary<string, AttributeValue> entry, string userId) => new()
    {
        Id = ItemReader.String(entry, "id") ?? TableKeys.RemovePrefix(ItemReader.String(entry, TableKeys.PartitionKey), TableKeys.ThreadPrefix) ?? "",
        Name = ItemReader.String(entry, "name"),
        CreatedAt = ChainlitTimestamp.TryParse(TableKeys.RemovePrefix(ItemReader.String(entry, TableKeys.UserThreadSortKey), TableKeys.ActivityPrefix), out var ts) ? ts : null,
        UserId = userId,
        UserIdentifier = userId,
    };
}
