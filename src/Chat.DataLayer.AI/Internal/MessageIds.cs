using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AI.Internal;

/// <summary>
/// The step id of a message (the rule in docs/design.md, "Microsoft.Extensions.AI and Agent Framework"):
/// <list type="number">
/// <item>a message read from the same thread keeps the id it was read with;</item>
/// <item>otherwise its <see cref="ChatMessage.MessageId"/>, when not blank;</item>
/// <item>otherwise <c>msg-</c> and the first 32 hex digits of SHA-256 over the thread id, the number of identical
/// messages before it in the same call, and its exact JSON (role, author, <c>CreatedAt</c>, contents, additional
/// properties).</item>
/// </list>
/// </summary>
internal static class MessageIds
{
    public const string DerivedPrefix = "msg-";

    public static string Derive(string threadId, int occurrence, string exactJson)
    {
        var text = string.Concat(threadId, "\n", occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture), "\n", exactJson);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return DerivedPrefix + Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    /// <summary>The id of a message already known to be stored, or given by the caller; <see langword="null"/> when it must be derived.</summary>
    public static string? Known(string threadId, ChatMessage message) =>
        message.RawRepresentation is StoredMessageReference reference && reference.ThreadId == threadId
            ? reference.StepId
            : string.IsNullOrWhiteSpace(message.MessageId) ? null : message.MessageId;
}
