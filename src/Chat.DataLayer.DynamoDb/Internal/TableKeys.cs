using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Chat.DataLayer.DynamoDb.Internal;

/// <summary>
/// Key formats of the single-table layout (see docs/design.md). Entity keys are Chainlit's: a fixed prefix and
/// the raw id, parsed back by removing that exact prefix. Our own marker keys escape <c>%</c> and <c>#</c> in ids
/// so that two ids joined in one key can never be read two ways.
/// </summary>
internal static class TableKeys
{
    public const string PartitionKey = "PK";
    public const string SortKey = "SK";
    public const string UserThreadPartitionKey = "UserThreadPK";
    public const string UserThreadSortKey = "UserThreadSK";

    public const string UserPrefix = "USER#";
    public const string ThreadPrefix = "THREAD#";
    public const string StepPrefix = "STEP#";
    public const string ElementPrefix = "ELEMENT#";
    public const string ActivityPrefix = "TS#";
    public const string FavoritePrefix = "FAVORITE#";

    public const string UserSortKey = "USER";
    public const string ThreadSortKey = "THREAD";

    /// <summary>The thread's feedback marker: one item holding the rating of each rated step.</summary>
    public const string RatingsSortKey = "RATINGS";

    /// <summary>DynamoDB's limits on key sizes (UTF-8 bytes).</summary>
    public const int MaxPartitionKeyBytes = 2048;
    public const int MaxSortKeyBytes = 1024;

    public static string UserPk(string identifier) => UserPrefix + identifier;

    public static string ThreadPk(string threadId) => ThreadPrefix + threadId;

    public static string StepSk(string stepId) => StepPrefix + stepId;

    public static string ElementSk(string elementId) => ElementPrefix + elementId;

    public static string Activity(string timestamp) => ActivityPrefix + timestamp;

    /// <summary>
    /// <c>FAVORITE#{esc threadId}#{esc stepId}</c>; when that would pass DynamoDB's 1024-byte sort key limit,
    /// <c>FAVORITE##{sha256}</c> instead (an escaped id never starts with <c>#</c>, so the forms cannot meet).
    /// The marker's attributes hold both ids, so the key only has to be unique.
    /// </summary>
    public static string FavoriteSk(string threadId, string stepId)
    {
        var readable = FavoritePrefix + Escape(threadId) + "#" + Escape(stepId);
        if (Encoding.UTF8.GetByteCount(readable) <= MaxSortKeyBytes)
        {
            return readable;
        }

        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Escape(threadId) + "#" + Escape(stepId)));
        return FavoritePrefix + "#" + Convert.ToHexString(hash);
    }

    /// <summary>The attribute of the thread's RATINGS item that holds a step's rating.</summary>
    public static string RatingAttribute(string stepId) => "r:" + stepId;

    public const string RatingAttributePrefix = "r:";

    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new(StringComparer.Ordinal)
    {
        [PartitionKey] = new AttributeValue { S = pk },
        [SortKey] = new AttributeValue { S = sk },
    };

    public static Dictionary<string, AttributeValue> UserKey(string identifier) => Key(UserPk(identifier), UserSortKey);

    public static Dictionary<string, AttributeValue> ThreadKey(string threadId) => Key(ThreadPk(threadId), ThreadSortKey);

    public static Dictionary<string, AttributeValue> StepKey(string threadId, string stepId) => Key(ThreadPk(threadId), StepSk(stepId));

    public static Dictionary<string, AttributeValue> ElementKey(string threadId, string elementId) =>
        Key(ThreadPk(threadId), ElementSk(elementId));

    public static Dictionary<string, AttributeValue> RatingsKey(string threadId) => Key(ThreadPk(threadId), RatingsSortKey);

    /// <summary>Removes an exact prefix; null when the text does not start with it (never strips characters).</summary>
    public static string? RemovePrefix(string? text, string prefix) =>
        text is not null && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;

    /// <summary>Escapes <c>%</c> and <c>#</c> so an escaped id never contains the separator.</summary>
    public static string Escape(string id) => id.Replace("%", "%25", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);

    /// <summary>Validates an id argument: not null or blank, and short enough for its key.</summary>
    public static void ValidateId(string? id, string paramName, int maxKeyBytes = MaxSortKeyBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, paramName);
        // The longest prefix that goes with an id in a key is ELEMENT#/FAVORITE# (9 bytes); keep a margin for it.
        if (Encoding.UTF8.GetByteCount(id) > maxKeyBytes - 16)
        {
            throw new ArgumentException($"The id is longer than DynamoDB's key limit of {maxKeyBytes} bytes allows.", paramName);
        }
    }
}
