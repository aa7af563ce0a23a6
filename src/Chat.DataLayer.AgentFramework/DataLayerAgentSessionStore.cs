using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Agents.AI;

namespace Chat.DataLayer.AgentFramework;

/// <summary>
/// Agent Framework sessions stored in data layer threads (experimental in Agent Framework: <c>MAAI001</c>). A session
/// is stored, as the JSON text of <see cref="AIAgent.SerializeSessionAsync"/>, under one key of its thread's metadata:
/// <c>chat.datalayer.agentSession.</c> and a hash of the store key's session id and partitions (all partitions are part
/// of the identity; the record repeats them and is checked on read).
/// </summary>
/// <remarks>
/// <para>A <c>user</c> partition (see <see cref="DataLayerAgentSessionStoreOptions.UserPartition"/>) must match the
/// thread's owner: saving into, reading or deleting from a thread owned by someone else throws
/// <see cref="ThreadOwnerMismatchException"/> and touches nothing. Saving with a user partition into an unowned thread
/// makes that user its owner.</para>
/// <para>The thread record is one DynamoDB item (400 KB at most, metadata included): keep sessions small, as they are
/// with <see cref="DataLayerChatHistoryProvider"/> (a thread id and an owner); a session holding its own messages
/// (<c>InMemoryChatHistoryProvider</c>) outgrows it. Saving moves the thread to the top of its owner's list.</para>
/// </remarks>
[Experimental("MAAI001")]
public sealed class DataLayerAgentSessionStore : AgentSessionStore
{
    /// <summary>The prefix of the thread metadata keys that hold sessions.</summary>
    public const string MetadataKeyPrefix = "chat.datalayer.agentSession.";

    private readonly IDataLayer _dataLayer;
    private readonly DataLayerAgentSessionStoreOptions _options;

    /// <summary>Creates the store.</summary>
    /// <param name="dataLayer">Where sessions are stored.</param>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public DataLayerAgentSessionStore(IDataLayer dataLayer, DataLayerAgentSessionStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataLayer);
        _dataLayer = dataLayer;
        _options = options ?? new DataLayerAgentSessionStoreOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public override async ValueTask SaveSessionAsync(AIAgent agent, AgentSessionStoreKey key, AgentSession session,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(session);
        var threadId = ThreadId(key);
        var user = User(key);
        await CheckOwnerAsync(threadId, user, cancellationToken).ConfigureAwait(false);
        var serialized = await agent.SerializeSessionAsync(session, cancellationToken: cancellationToken).ConfigureAwait(false);
        var record = new JsonObject
        {
            ["v"] = 1,
            ["sessionId"] = key.SessionId,
            ["partitions"] = Partitions(key),
            ["session"] = serialized.GetRawText(),
        };
        await _dataLayer.UpdateThreadAsync(threadId, userId: user, metadata: new JsonObject { [MetadataKey(key)] = record },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<AgentSession?> GetSessionAsync(AIAgent agent, AgentSessionStoreKey key,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(key);
        var threadId = ThreadId(key);
        var thread = await _dataLayer.GetThreadAsync(threadId, cancellationToken).ConfigureAwait(false);
        if (thread is null)
        {
            return null;
        }

        CheckOwner(threadId, thread.UserId, User(key));
        if (thread.Metadata?[MetadataKey(key)] is not JsonObject record
            || (string?)record["sessionId"] != key.SessionId
            || !JsonNode.DeepEquals(record["partitions"], Partitions(key))
            || (string?)record["session"] is not { } text)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return await agent.DeserializeSessionAsync(document.RootElement.Clone(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<AgentSession> GetOrCreateSessionAsync(AIAgent agent, AgentSessionStoreKey key,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(key);
        var session = await GetSessionAsync(agent, key, cancellationToken).ConfigureAwait(false);
        if (session is not null)
        {
            return session;
        }

        session = await agent.CreateSessionAsync(cancellationToken).ConfigureAwait(false);
        _options.HistoryProvider?.AttachThread(session, ThreadId(key), User(key));
        return session;
    }

    /// <inheritdoc />
    public override async ValueTask DeleteSessionAsync(AIAgent agent, AgentSessionStoreKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(key);
        var threadId = ThreadId(key);
        var thread = await _dataLayer.GetThreadAsync(threadId, cancellationToken).ConfigureAwait(false);
        if (thread is null)
        {
            return;
        }

        CheckOwner(threadId, thread.UserId, User(key));
        var metadataKey = MetadataKey(key);
        if (thread.Metadata?.ContainsKey(metadataKey) != true)
        {
            return;
        }

        await _dataLayer.UpdateThreadAsync(threadId, metadata: new JsonObject { [metadataKey] = null }, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    private string ThreadId(AgentSessionStoreKey key)
    {
        var threadId = _options.ThreadIdSelector?.Invoke(key) ?? key.SessionId;
        if (string.IsNullOrWhiteSpace(threadId))
        {
            throw new ArgumentException("The key maps to a blank thread id.", nameof(key));
        }

        return threadId;
    }

    private string? User(AgentSessionStoreKey key) =>
        key.Partitions is { } partitions && partitions.TryGetValue(_options.UserPartition, out var user) ? user : null;

    private async Task CheckOwnerAsync(string threadId, string? user, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return;
        }

        var owner = await _dataLayer.GetThreadAuthorAsync(threadId, cancellationToken).ConfigureAwait(false);
        CheckOwner(threadId, owner, user);
    }

    private static void CheckOwner(string threadId, string? owner, string? user)
    {
        if (user is not null && owner is not null && !string.Equals(owner, user, StringComparison.Ordinal))
        {
            throw new ThreadOwnerMismatchException(threadId, "the session key's user partition names");
        }
    }

    private static JsonObject Partitions(AgentSessionStoreKey key)
    {
        var result = new JsonObject();
        foreach (var (name, value) in (key.Partitions ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[name] = value;
        }

        return result;
    }

    /// <summary>The metadata key of a session: the prefix and 32 hex digits of SHA-256 over the session id and the sorted partitions.</summary>
    internal static string MetadataKey(AgentSessionStoreKey key)
    {
        var identity = new StringBuilder().Append(key.SessionId.Length).Append(':').Append(key.SessionId);
        foreach (var (name, value) in (key.Partitions ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            identity.Append('|').Append(name.Length).Append(':').Append(name).Append('=').Append(value.Length).Append(':').Append(value);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString()));
        return MetadataKeyPrefix + Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }
}
