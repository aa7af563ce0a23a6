using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chat.DataLayer.AI;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AgentFramework;

/// <summary>
/// Agent Framework chat history in a data layer thread (DynamoDB, readable by Chainlit). The session's state holds
/// only the thread id and its owner; the messages live in the thread, written with
/// <see cref="DataLayerChatMessageExtensions.AddChatMessagesAsync"/> (idempotent, so per-service-call persistence,
/// early exits and retries never duplicate a message) and read with
/// <see cref="DataLayerChatMessageExtensions.GetChatMessagesAsync(IDataLayer, string, CancellationToken)"/>, oldest first.
/// One instance serves any number of sessions and is thread-safe.
/// </summary>
/// <remarks>
/// Messages read from the store are given to the model as they are: a store someone else can write to is a prompt
/// injection path. When the session has an owner, a thread owned by someone else is refused with
/// <see cref="ThreadOwnerMismatchException"/>. Messages without <see cref="ChatMessage.CreatedAt"/> are stamped with
/// the time they were stored, on the message object, so the same text sent in two turns stays two messages.
/// </remarks>
public sealed class DataLayerChatHistoryProvider : ChatHistoryProvider
{
    /// <summary>The default key of the provider's state in a session's state bag.</summary>
    public const string DefaultStateKey = nameof(DataLayerChatHistoryProvider);

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IDataLayer _dataLayer;
    private readonly DataLayerChatHistoryProviderOptions _options;
    private readonly ProviderSessionState<ThreadState> _state;
    private readonly IReadOnlyList<string> _stateKeys;

    /// <summary>Creates the provider.</summary>
    /// <param name="dataLayer">Where the history lives.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public DataLayerChatHistoryProvider(IDataLayer dataLayer, DataLayerChatHistoryProviderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataLayer);
        _dataLayer = dataLayer;
        _options = options ?? new DataLayerChatHistoryProviderOptions();
        _options.Validate();
        var key = _options.StateKey ?? DefaultStateKey;
        _state = new ProviderSessionState<ThreadState>(NewState, key, StateJson);
        _stateKeys = [key];
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> StateKeys => _stateKeys;

    /// <summary>The thread id of a session (made, and kept in the session, when the session has none yet).</summary>
    /// <param name="session">The session.</param>
    /// <returns>The thread id.</returns>
    public string GetThreadId(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return GetState(session).ThreadId;
    }

    /// <summary>
    /// The thread id of the session of the agent run in progress (<see cref="AIAgent.CurrentRunContext"/>), or
    /// <see langword="null"/> outside a run. Made for <c>UseChatDataLayer</c> inside an agent:
    /// <c>o.ThreadIdSelector = (_, _) =&gt; history.GetCurrentThreadId()</c>.
    /// </summary>
    /// <returns>The thread id, or <see langword="null"/>.</returns>
    public string? GetCurrentThreadId() =>
        AIAgent.CurrentRunContext?.Session is { } session ? GetThreadId(session) : null;

    /// <summary>
    /// Points a session at a thread, for example a new session created for a thread the user picked in a UI, or a
    /// session store's thread. Replaces what the session held.
    /// </summary>
    /// <param name="session">The session.</param>
    /// <param name="threadId">The thread id.</param>
    /// <param name="userId">The thread's owner, or <see langword="null"/> for the provider's default owner.</param>
    /// <exception cref="ArgumentException"><paramref name="threadId"/> is null or blank.</exception>
    public void AttachThread(AgentSession session, string threadId, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(threadId);
        _state.SaveState(session, new ThreadState { ThreadId = threadId, UserId = userId ?? OwnerFor(session) });
    }

    /// <inheritdoc />
    protected override async ValueTask<IEnumerable<ChatMessage>> ProvideChatHistoryAsync(InvokingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Session is null)
        {
            return [];
        }

        var state = GetState(context.Session);
        await CheckOwnerAsync(state, claim: false, cancellationToken).ConfigureAwait(false);
        var messages = await _dataLayer.GetChatMessagesAsync(state.ThreadId, cancellationToken).ConfigureAwait(false);
        if (_options.MaxMessages is not { } max || messages.Count <= max)
        {
            return messages;
        }

        var latest = messages.Skip(messages.Count - max).ToList();
        var first = latest.FindIndex(m => m.Role != ChatRole.Tool);
        return first < 0 ? [] : latest.Skip(first).ToList();
    }

    /// <inheritdoc />
    protected override async ValueTask StoreChatHistoryAsync(InvokedContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Session is null)
        {
            return;
        }

        var messages = context.RequestMessages.Concat(context.ResponseMessages ?? []).ToList();
        if (messages.Count == 0)
        {
            return;
        }

        var state = GetState(context.Session);
        await CheckOwnerAsync(state, claim: true, cancellationToken).ConfigureAwait(false);
        var now = _options.TimeProvider.GetUtcNow();
        foreach (var message in messages)
        {
            message.CreatedAt ??= now;
        }

        await _dataLayer.AddChatMessagesAsync(state.ThreadId, messages, cancellationToken).ConfigureAwait(false);
    }

    private ThreadState GetState(AgentSession session)
    {
        var state = _state.GetOrInitializeState(session);
        _state.SaveState(session, state);
        return state;
    }

    private ThreadState NewState(AgentSession? session) => new()
    {
        ThreadId = _options.ThreadIdFactory?.Invoke(session) is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N"),
        UserId = OwnerFor(session),
    };

    private string? OwnerFor(AgentSession? session) => _options.UserIdSelector?.Invoke(session) ?? _options.UserId;

    /// <summary>Refuses a thread owned by another user; with <paramref name="claim"/>, gives an unowned thread its owner.</summary>
    private async Task CheckOwnerAsync(ThreadState state, bool claim, CancellationToken cancellationToken)
    {
        if (state.UserId is null)
        {
            return;
        }

        var owner = await _dataLayer.GetThreadAuthorAsync(state.ThreadId, cancellationToken).ConfigureAwait(false);
        if (owner is null)
        {
            if (claim)
            {
                await _dataLayer.UpdateThreadAsync(state.ThreadId, userId: state.UserId, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        else if (!string.Equals(owner, state.UserId, StringComparison.Ordinal))
        {
            throw new ThreadOwnerMismatchException(state.ThreadId, "this session belongs to");
        }
    }

    /// <summary>What a session holds: its thread and the thread's owner.</summary>
    internal sealed class ThreadState
    {
        [JsonPropertyName("threadId")]
        public string ThreadId { get; set; } = "";

        [JsonPropertyName("userId")]
        public string? UserId { get; set; }
    }
}
