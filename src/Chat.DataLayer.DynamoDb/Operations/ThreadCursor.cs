using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb.Operations;

/// <summary>
/// The opaque <see cref="PageInfo.EndCursor"/> of thread lists: base64url of a small JSON document holding the
/// last returned thread's index position and a fingerprint of the filter it was made for. The start key is
/// always rebuilt in the caller's own user partition, so a cursor can never lead to another user's data.
/// </summary>
internal sealed record ThreadCursor(
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("f")] string Fingerprint,
    [property: JsonPropertyName("ts")] string ActivityKey,
    [property: JsonPropertyName("pk")] string ThreadPk)
{
    private const int CurrentVersion = 1;

    public static ThreadCursor Create(ThreadFilter filter, string activityKey, string threadPk) =>
        new(CurrentVersion, FingerprintOf(filter), activityKey, threadPk);

    public string Encode() => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(this, CursorJsonContext.Default.ThreadCursor))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <exception cref="ArgumentException">Malformed, or made for another user or filter.</exception>
    public static ThreadCursor Decode(string cursor, ThreadFilter filter, string paramName)
    {
        ThreadCursor? decoded;
        try
        {
            var bytes = DecodeBase64Url(cursor);
            decoded = JsonSerializer.Deserialize(bytes, CursorJsonContext.Default.ThreadCursor);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new ArgumentException("The cursor is malformed; pass back the EndCursor of a previous page.", paramName, ex);
        }

        if (decoded is null || decoded.Version != CurrentVersion || decoded.Fingerprint is null ||
            string.IsNullOrEmpty(decoded.ActivityKey) || !decoded.ActivityKey.StartsWith(ThreadItems.ActivityPrefix, StringComparison.Ordinal) ||
            string.IsNullOrEmpty(decoded.ThreadPk) || !decoded.ThreadPk.StartsWith(ThreadItems.Prefix, StringComparison.Ordinal) ||
            !Utf16Text.IsValid(decoded.ActivityKey) || !Utf16Text.IsValid(decoded.ThreadPk) ||
            Encoding.UTF8.GetByteCount(decoded.ActivityKey) > TableKeys.MaxSortKeyBytes ||
            Encoding.UTF8.GetByteCount(decoded.ThreadPk) > TableKeys.MaxPartitionKeyBytes)
        {
            throw new ArgumentException("The cursor is malformed; pass back the EndCursor of a previous page.", paramName);
        }

        if (!CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(decoded.Fingerprint), Encoding.ASCII.GetBytes(FingerprintOf(filter))))
        {
            throw new ArgumentException("The cursor was made for another user or filter.", paramName);
        }

        return decoded;
    }

    private static byte[] DecodeBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    private static string FingerprintOf(ThreadFilter filter)
    {
        var text = string.Join('\u001f', filter.UserId, (string.IsNullOrEmpty(filter.Search) ? "\u0000" : filter.Search), filter.Feedback?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 12);
    }
}

[JsonSerializable(typeof(ThreadCursor))]
internal sealed partial class CursorJsonContext : JsonSerializerContext;
