using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Chat.DataLayer.AI.Internal;
using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AI;

/// <summary>
/// An <see cref="IChatClient"/> middleware that persists every exchange in a data layer thread: the request's messages
/// before the inner client is called, and the response after it. Added with
/// <see cref="ChatDataLayerChatClientBuilderExtensions.UseChatDataLayer"/>. Writes are idempotent (see
/// <see cref="DataLayerChatMessageExtensions.AddChatMessagesAsync"/>), so a client that re-sends the whole history
/// each turn stores every message once.
/// </summary>
/// <remarks>
/// <para>Messages without <see cref="ChatMessage.CreatedAt"/> get one (the time they were first seen) on the message
/// object itself, so that two identical messages sent in different turns ("yes") stay two messages and the same object
/// stored again is recognised.</para>
/// <para>Streaming: when the first update of an assistant message arrives, its step is created with
/// <c>streaming = true</c>; its text is written at most once per <see cref="ChatDataLayerChatClientOptions.StreamingUpdateInterval"/>;
/// when the stream ends, the step gets its full text, exact form, usage (<c>generation</c>), <c>end</c> and
/// <c>streaming = false</c>. Updates without <see cref="ChatResponseUpdate.MessageId"/> get the step's id, so whoever
/// combines the updates (an agent and its history provider) names the message as this client stored it. A stream that
/// is cancelled, abandoned by its consumer or fails keeps what was received, with status <c>cancelled</c> or
/// <c>failed</c> in the step's metadata (a failed one with <c>isError = true</c>).</para>
/// <para>Put it outside <c>UseFunctionInvocation</c> to store tool calls and results as they happen.</para>
/// </remarks>
public sealed class ChatDataLayerChatClient : DelegatingChatClient
{
    private readonly IDataLayer _dataLayer;
    private readonly ChatDataLayerChatClientOptions _options;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to call.</param>
    /// <param name="dataLayer">Where to store the messages.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public ChatDataLayerChatClient(IChatClient innerClient, IDataLayer dataLayer, ChatDataLayerChatClientOptions? options = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(dataLayer);
        _dataLayer = dataLayer;
        _options = options?.Clone() ?? new ChatDataLayerChatClientOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages.ToList();
        var threadId = ThreadId(request, options);
        Stamp(request);
        await ChatMessageStore.WriteAsync(_dataLayer, threadId, request, _options.TimeProvider, hints: null, cancellationToken).ConfigureAwait(false);

        var response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);

        Stamp(response.Messages, response.CreatedAt);
        await ChatMessageStore.WriteAsync(_dataLayer, threadId, [.. response.Messages], _options.TimeProvider,
            Hints(response, status: null, positions: null), cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages.ToList();
        var threadId = ThreadId(request, options);
        Stamp(request);
        var state = await ChatMessageStore.WriteAsync(_dataLayer, threadId, request, _options.TimeProvider, hints: null, cancellationToken)
            .ConfigureAwait(false);

        var time = _options.TimeProvider;
        var updates = new List<ChatResponseUpdate>();
        var positions = new Dictionary<string, (DateTimeOffset At, string Order)>(StringComparer.Ordinal);
        var text = new StringBuilder();
        string? segmentId = null;
        ChatRole? segmentRole = null;
        var flushedLength = 0;
        var lastFlush = time.GetTimestamp();
        var finished = false;
        Exception? failure = null;
        var enumerator = base.GetStreamingResponseAsync(request, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception ex)
                {
                    failure = ex;
                    throw;
                }

                // A role-less update continues the current message, except after tool results (the model's next answer).
                var role = update.Role ?? (segmentRole is null || segmentRole == ChatRole.Tool ? ChatRole.Assistant : segmentRole.Value);
                var startsSegment = segmentId is null
                    || (update.MessageId is { Length: > 0 } given && given != segmentId)
                    || role != segmentRole;
                if (startsSegment)
                {
                    segmentId = update.MessageId is { Length: > 0 } id ? id : MessageIds.DerivedPrefix + Guid.NewGuid().ToString("N");
                    segmentRole = role;
                    text.Clear();
                    flushedLength = 0;
                    // Each message takes its place in the thread when it starts, so a tool result streamed between
                    // two replies is read back between them.
                    var (at, order) = ChatMessageStore.NextPosition(state, time.GetUtcNow());
                    positions[segmentId] = (at, order);
                    if (role == ChatRole.Assistant)
                    {
                        await ChatMessageStore.WritePlaceholderAsync(_dataLayer, threadId, segmentId, update.AuthorName, at, order, cancellationToken)
                            .ConfigureAwait(false);
                        lastFlush = time.GetTimestamp();
                    }
                }

                if (string.IsNullOrEmpty(update.MessageId))
                {
                    update.MessageId = segmentId;
                }

                updates.Add(update);
                if (segmentRole == ChatRole.Assistant)
                {
                    text.Append(update.Text);
                    if (text.Length != flushedLength && time.GetElapsedTime(lastFlush) >= _options.StreamingUpdateInterval)
                    {
                        await _dataLayer.UpdateStepAsync(new Step { Id = segmentId!, ThreadId = threadId, Output = text.ToString(), Streaming = true },
                            cancellationToken).ConfigureAwait(false);
                        flushedLength = text.Length;
                        lastFlush = time.GetTimestamp();
                    }
                }

                yield return update;
            }

            finished = true;
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            if (!finished)
            {
                // Cancelled, failed, or abandoned by the consumer: keep what was received, marked as such. The caller's
                // token may be cancelled already, so the write gets its own bounded time.
                var status = failure is null or OperationCanceledException ? "cancelled" : "failed";
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await FinishAsync(threadId, updates, positions, status, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception) when (failure is not null)
                {
                    // The stream's own exception is the one the caller must see; this write was best effort.
                }
            }
        }

        await FinishAsync(threadId, updates, positions, status: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task FinishAsync(string threadId, List<ChatResponseUpdate> updates,
        Dictionary<string, (DateTimeOffset At, string Order)> positions, string? status, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var response = updates.ToChatResponse();
        Stamp(response.Messages, response.CreatedAt);
        await ChatMessageStore.WriteAsync(_dataLayer, threadId, [.. response.Messages], _options.TimeProvider, Hints(response, status, positions), cancellationToken)
            .ConfigureAwait(false);
    }

    private static Func<string, ChatMessage, ChatMessageStore.StepHints?> Hints(ChatResponse response, string? status,
        Dictionary<string, (DateTimeOffset At, string Order)>? positions)
    {
        var last = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
        return (id, message) =>
        {
            JsonObject? generation = null;
            if (ReferenceEquals(message, last) && (response.Usage is not null || response.ModelId is not null))
            {
                generation = response.Usage is { } usage ? ChatMessageStore.Generation(usage) : [];
                if (response.ModelId is { } model)
                {
                    generation["model"] = model;
                }
            }

            (DateTimeOffset, string)? position = positions is not null && positions.TryGetValue(id, out var reserved) ? reserved : null;
            return status is null && generation is null && position is null
                ? null
                : new ChatMessageStore.StepHints(message.Role == ChatRole.Assistant ? status : null, generation, position);
        };
    }

    private string ThreadId(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var threadId = _options.ThreadIdSelector?.Invoke(messages, options) ?? options?.ConversationId;
        if (string.IsNullOrWhiteSpace(threadId))
        {
            throw new InvalidOperationException(
                "The chat data layer middleware needs a thread id: set ChatOptions.ConversationId or ChatDataLayerChatClientOptions.ThreadIdSelector.");
        }

        return threadId;
    }

    private void Stamp(IEnumerable<ChatMessage> messages, DateTimeOffset? createdAt = null)
    {
        var now = createdAt ?? _options.TimeProvider.GetUtcNow();
        foreach (var message in messages)
        {
            message.CreatedAt ??= now;
        }
    }
}
