using Chat.DataLayer.AI.Internal;
using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AI;

/// <summary>
/// Reads and writes a thread as Microsoft.Extensions.AI <see cref="ChatMessage"/>s. Each message is stored as a Chainlit
/// step (with tool calls as child <c>tool</c> steps and files as elements), so Chainlit's UI and Python layer read the
/// same thread, and with its exact Microsoft.Extensions.AI form alongside, so reading gives back equal messages.
/// </summary>
public static class DataLayerChatMessageExtensions
{
    /// <summary>
    /// Reads a thread's messages, oldest first: in the order of the steps' <c>createdAt</c>, then the order they were
    /// added in, then their ids. A thread written by Chainlit itself is read from its steps (text, files as
    /// <see cref="UriContent"/>, tool steps as function calls and results). File bytes are downloaded from the storage's
    /// signed URLs (see <see cref="ChatMessageReadOptions"/>).
    /// </summary>
    /// <param name="dataLayer">The data layer.</param>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages; an empty list for an unknown thread.</returns>
    /// <exception cref="ArgumentException"><paramref name="threadId"/> is null or blank.</exception>
    /// <exception cref="DataLayerException">A stored file could not be downloaded.</exception>
#pragma warning disable RS0027 // This signature is fixed by issue 8; the overload with options takes a required token instead.
    public static Task<IReadOnlyList<ChatMessage>> GetChatMessagesAsync(this IDataLayer dataLayer, string threadId,
        CancellationToken cancellationToken = default) =>
        GetChatMessagesAsync(dataLayer, threadId, new ChatMessageReadOptions(), cancellationToken);
#pragma warning restore RS0027

    /// <summary>Reads a thread's messages, oldest first, with read options.</summary>
    /// <param name="dataLayer">The data layer.</param>
    /// <param name="threadId">The thread id.</param>
    /// <param name="options">How to read files.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The messages; an empty list for an unknown thread.</returns>
    /// <exception cref="ArgumentException"><paramref name="threadId"/> is null or blank.</exception>
    /// <exception cref="DataLayerException">A stored file could not be downloaded.</exception>
    public static Task<IReadOnlyList<ChatMessage>> GetChatMessagesAsync(this IDataLayer dataLayer, string threadId,
        ChatMessageReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataLayer);
        ArgumentException.ThrowIfNullOrWhiteSpace(threadId);
        ArgumentNullException.ThrowIfNull(options);
        return ChatMessageStore.ReadAsync(dataLayer, threadId, options, cancellationToken);
    }

    /// <summary>
    /// Adds messages to a thread (creating the thread when needed). Idempotent: a message that is already stored is
    /// skipped, so a retry or a framework re-sending the whole history adds nothing twice. A message's id is the id it
    /// was read with (for messages from <see cref="GetChatMessagesAsync(IDataLayer, string, CancellationToken)"/>), else
    /// its <see cref="ChatMessage.MessageId"/>, else derived from the thread id, its exact content (including
    /// <see cref="ChatMessage.CreatedAt"/>) and how many identical messages precede it in the same call. So two
    /// identical messages without <c>MessageId</c> or <c>CreatedAt</c> added in different calls are one message: give
    /// such messages a <c>CreatedAt</c> or a <c>MessageId</c>.
    /// </summary>
    /// <remarks>
    /// File bytes of <see cref="DataContent"/> go to the data layer's storage client (an element per file); the data
    /// layer must have one when messages carry data. Each message's <c>createdAt</c> is its <c>CreatedAt</c> (now when it
    /// has none), raised when needed so that it is later than the thread's latest message: the thread reads back in the
    /// order messages were added. The message's own <c>CreatedAt</c> is kept unchanged in its exact form.
    /// </remarks>
    /// <param name="dataLayer">The data layer.</param>
    /// <param name="threadId">The thread id.</param>
    /// <param name="messages">The messages, oldest first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException"><paramref name="threadId"/> is null or blank, <paramref name="messages"/> contains
    /// <see langword="null"/>, or a content type cannot be serialized.</exception>
    public static async Task AddChatMessagesAsync(this IDataLayer dataLayer, string threadId, IEnumerable<ChatMessage> messages,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataLayer);
        ArgumentException.ThrowIfNullOrWhiteSpace(threadId);
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        if (list.Any(m => m is null))
        {
            throw new ArgumentException("The messages contain null.", nameof(messages));
        }

        if (list.Count > 0)
        {
            await ChatMessageStore.WriteAsync(dataLayer, threadId, list, TimeProvider.System, hints: null, cancellationToken).ConfigureAwait(false);
        }
    }
}
