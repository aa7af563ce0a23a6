using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb.Layout;

/// <summary>
/// The thread item (<c>PK=THREAD#{id}</c>, <c>SK=THREAD</c>) and its <c>UserThread</c> index entry: keys, attributes,
/// read and write. <see cref="Upsert"/> is the only place a thread item is created.
/// </summary>
internal static class ThreadItems
{
    /// <summary>The prefix of a thread's partition: the thread item, its steps, elements and RATINGS marker.</summary>
    public const string Prefix = "THREAD#";
    public const string SortKey = "THREAD";

    /// <summary>The prefix of <c>UserThreadSK</c>, the last-activity time threads are listed by.</summary>
    public const string ActivityPrefix = "TS#";

    public const string Id = "id";
    public const string Name = "name";
    public const string UserId = "userId";
    public const string UserIdentifier = "userIdentifier";
    public const string Tags = "tags";
    public const string CreatedAt = "createdAt";

    /// <summary>
    /// The sort-key time: UTC with a fixed six-digit fraction, so that string order is time order (the index sorts
    /// by text). This is the table's rule, independent of how models write timestamps in JSON.
    /// </summary>
    private const string ActivityFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'";

    public static string Pk(string threadId) => Prefix + threadId;

    public static Dictionary<string, AttributeValue> Key(string threadId) => TableKeys.Key(Pk(threadId), SortKey);

    public static string Activity(DateTimeOffset time) =>
        ActivityPrefix + time.UtcDateTime.ToString(ActivityFormat, CultureInfo.InvariantCulture);

    public static ChatThread FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        Id = ItemReader.String(item, Id) ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.PartitionKey), Prefix) ?? "",
        CreatedAt = ItemReader.Timestamp(item, CreatedAt),
        Name = ItemReader.String(item, Name),
        UserId = ItemReader.String(item, UserId),
        UserIdentifier = ItemReader.String(item, UserIdentifier) ?? ItemReader.String(item, UserId),
        Tags = ItemReader.StringList(item, Tags),
        Metadata = ItemReader.Object(item, MetadataUpsert.MetadataAttribute),
    };

    /// <summary>
    /// A thread from its index entry: the index projects only the id and name, so <see cref="ChatThread.CreatedAt"/>
    /// carries the last-activity time the list is ordered by (as Chainlit's list does).
    /// </summary>
    public static ChatThread FromIndexEntry(Dictionary<string, AttributeValue> entry, string userId) => new()
    {
        Id = ItemReader.String(entry, Id) ?? TableKeys.RemovePrefix(ItemReader.String(entry, TableKeys.PartitionKey), Prefix) ?? "",
        Name = ItemReader.String(entry, Name),
        CreatedAt = ChainlitTimestamp.TryParse(TableKeys.RemovePrefix(ItemReader.String(entry, TableKeys.UserThreadSortKey), ActivityPrefix), out var ts) ? ts : null,
        UserId = userId,
        UserIdentifier = userId,
    };

    /// <summary>
    /// The one write of a thread item, creating it when missing (<c>id</c>, <c>createdAt</c>, a NULL <c>name</c>
    /// and an empty metadata map if absent) so that whichever write comes first (<c>UpdateThreadAsync</c> or a
    /// step's thread touch) leaves a complete item. Null arguments leave their fields alone; with
    /// <paramref name="moveActivity"/> the thread moves to the top of its owner's list.
    /// </summary>
    public static MetadataUpsert Upsert(string threadId, DateTimeOffset now, bool moveActivity, string? name = null,
        string? userId = null, IReadOnlyList<string>? tags = null, Dictionary<string, AttributeValue?>? metadataChanges = null) => new()
    {
        Key = Key(threadId),
        SetCommon = u =>
        {
            u.SetIfNotExists(Id, S(threadId))
                .SetIfNotExists(CreatedAt, S(ChainlitTimestamp.Format(now)));
            if (moveActivity)
            {
                u.Set(TableKeys.UserThreadSortKey, S(Activity(now)));
            }

            if (name is not null)
            {
                u.Set(Name, S(name));
            }
            else
            {
                // Chainlit's list_threads reads item["name"]: a NULL name keeps it from failing on our threads.
                u.SetIfNotExists(Name, new AttributeValue { NULL = true });
            }

            if (userId is not null)
            {
                u.Set(UserId, S(userId))
                    .Set(UserIdentifier, S(userId))
                    .Set(TableKeys.UserThreadPartitionKey, S(UserItems.Pk(userId)));
            }

            if (tags is not null)
            {
                u.Set(Tags, new AttributeValue { L = [.. tags.Select(S)] });
            }
        },
        MetadataChanges = metadataChanges ?? [],
        MapLikelyExists = true,
        EntityType = "thread",
        EntityId = threadId,
    };

    private static AttributeValue S(string value) => new() { S = value };
}
