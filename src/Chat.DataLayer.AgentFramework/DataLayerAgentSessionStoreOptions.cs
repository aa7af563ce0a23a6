using System.Diagnostics.CodeAnalysis;
using Microsoft.Agents.AI;

namespace Chat.DataLayer.AgentFramework;

/// <summary>Settings of <see cref="DataLayerAgentSessionStore"/> (experimental like Agent Framework's session stores: <c>MAAI001</c>).</summary>
[Experimental("MAAI001")]
public sealed class DataLayerAgentSessionStoreOptions
{
    /// <summary>The partition that names the user a session belongs to. Default <c>user</c> (what Foundry hosting adds).</summary>
    public string UserPartition { get; set; } = "user";

    /// <summary>
    /// The thread a session key is stored in. Default: the key's <see cref="AgentSessionStoreKey.SessionId"/>. Sessions
    /// whose keys differ only in their partitions share the thread but are stored apart.
    /// </summary>
    public Func<AgentSessionStoreKey, string>? ThreadIdSelector { get; set; }

    /// <summary>
    /// The history provider of the agents whose sessions are stored, when it is a <see cref="DataLayerChatHistoryProvider"/>:
    /// a session that <c>GetOrCreateSessionAsync</c> creates is then attached to the key's thread (with the user
    /// partition as owner), so the session record and the history live in the same thread. Default: none.
    /// </summary>
    public DataLayerChatHistoryProvider? HistoryProvider { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(UserPartition))
        {
            throw new ArgumentException($"{nameof(UserPartition)} must not be blank.", nameof(UserPartition));
        }
    }
}
