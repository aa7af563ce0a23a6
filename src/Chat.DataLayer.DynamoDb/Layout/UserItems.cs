using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Layout;

/// <summary>The user item (<c>PK=USER#{identifier}</c>, <c>SK=USER</c>): its key, attributes, read and write.</summary>
internal static class UserItems
{
    /// <summary>The prefix of a user's partition; thread index entries and favourite markers live in it too.</summary>
    public const string Prefix = "USER#";
    public const string SortKey = "USER";

    public const string Id = "id";
    public const string Identifier = "identifier";
    public const string DisplayName = "displayName";
    public const string Metadata = "metadata";
    public const string CreatedAt = "createdAt";

    public static string Pk(string identifier) => Prefix + identifier;

    public static Dictionary<string, AttributeValue> Key(string identifier) => TableKeys.Key(Pk(identifier), SortKey);

    public static PersistedUser FromItem(Dictionary<string, AttributeValue> item)
    {
        var identifier = ItemReader.String(item, Identifier)
            ?? TableKeys.RemovePrefix(ItemReader.String(item, TableKeys.PartitionKey), Prefix) ?? "";
        return new PersistedUser
        {
            Id = ItemReader.String(item, Id) ?? identifier,
            Identifier = identifier,
            DisplayName = ItemReader.String(item, DisplayName),
            Metadata = ItemReader.Object(item, Metadata) ?? [],
            CreatedAt = ItemReader.Timestamp(item, CreatedAt) ?? DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>
    /// The login upsert: <c>id</c> and <c>createdAt</c> only if absent (a login never resets them); identifier,
    /// display name (when given) and metadata replaced. Returns the whole item.
    /// </summary>
    public static UpdateItemRequest Upsert(User user, DateTimeOffset now)
    {
        // The same rule as the merged metadata of threads and steps: no empty top-level key.
        foreach (var (key, _) in user.Metadata ?? [])
        {
            JsonAttributeConverter.CheckKey(key, "user.metadata", allowEmpty: false);
        }

        var u = new UpdateBuilder()
            .SetIfNotExists(Id, new AttributeValue { S = user.Identifier })
            .Set(Identifier, new AttributeValue { S = user.Identifier })
            .SetIfNotExists(CreatedAt, new AttributeValue { S = ChainlitTimestamp.Format(now) })
            .Set(Metadata, JsonAttributeConverter.ToAttributeValue(user.Metadata ?? [], "user.metadata"));
        if (user.DisplayName is not null)
        {
            u.Set(DisplayName, new AttributeValue { S = user.DisplayName });
        }

        var request = u.ToRequest(Key(user.Identifier));
        request.ReturnValues = ReturnValue.ALL_NEW;
        return request;
    }
}
