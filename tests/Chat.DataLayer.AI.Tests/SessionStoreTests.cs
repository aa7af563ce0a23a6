using Chat.DataLayer.AgentFramework;
using Chat.DataLayer.Testing;
using Microsoft.Agents.AI;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary><see cref="DataLayerAgentSessionStore"/> with a real agent's sessions on dynalite.</summary>
public sealed class SessionStoreTests(DynamoDbServerFixture server, AiTable table)
    : AiTestBase(server, table), IClassFixture<AiTable>
{
    private (ChatClientAgent Agent, DataLayerChatHistoryProvider Provider, DataLayerAgentSessionStore Store) Create()
    {
        var provider = new DataLayerChatHistoryProvider(Layer);
        var agent = AgentFrameworkTests.Agent(AgentFrameworkTests.Model(), provider);
        return (agent, provider, new DataLayerAgentSessionStore(Layer, new DataLayerAgentSessionStoreOptions { HistoryProvider = provider }));
    }

    private static AgentSessionStoreKey Key(string sessionId, params (string Name, string Value)[] partitions) =>
        new(sessionId, partitions.Length == 0 ? null : partitions.ToDictionary(p => p.Name, p => p.Value));

    [Fact]
    public async Task Saved_ReadsBackAsAnIndependentCopy_AndDeletedReadsAsNull()
    {
        var (agent, provider, store) = Create();
        var key = Key(NewId("s-"), ("user", "alice"));
        var session = await store.GetOrCreateSessionAsync(agent, key, Ct);
        await agent.RunAsync("hello", session, cancellationToken: Ct);

        await store.SaveSessionAsync(agent, key, session, Ct);
        var first = await store.GetSessionAsync(agent, key, Ct);
        provider.AttachThread(first!, "somewhere-else");
        var second = await store.GetSessionAsync(agent, key, Ct);
        await store.DeleteSessionAsync(agent, key, Ct);
        await store.DeleteSessionAsync(agent, key, Ct);

        Assert.NotSame(session, first);
        Assert.Equal(key.SessionId, provider.GetThreadId(session));
        Assert.Equal(key.SessionId, provider.GetThreadId(second!));
        Assert.Null(await store.GetSessionAsync(agent, key, Ct));
        Assert.Equal(["hello", "You said: hello"], (await Layer.GetChatMessagesAsync(key.SessionId, Ct)).Select(m => m.Text));
        Assert.Equal("alice", await Layer.GetThreadAuthorAsync(key.SessionId, Ct));
    }

    [Fact]
    public async Task Absent_ReadsAsNull_AndGetCreatesNothing()
    {
        var (agent, _, store) = Create();
        var key = Key(NewId("s-"));

        Assert.Null(await store.GetSessionAsync(agent, key, Ct));
        await store.DeleteSessionAsync(agent, key, Ct);

        Assert.Null(await Layer.GetThreadAsync(key.SessionId, Ct));
    }

    [Fact]
    public async Task Partitions_ArePartOfTheIdentity()
    {
        var (agent, provider, store) = Create();
        var id = NewId("s-");
        var a = Key(id, ("isolation", "a"));
        var b = Key(id, ("isolation", "b"));
        var sessionA = await agent.CreateSessionAsync(Ct);
        provider.AttachThread(sessionA, "thread-of-a");

        await store.SaveSessionAsync(agent, a, sessionA, Ct);

        Assert.Null(await store.GetSessionAsync(agent, b, Ct));
        Assert.Null(await store.GetSessionAsync(agent, Key(id), Ct));
        Assert.Equal("thread-of-a", provider.GetThreadId((await store.GetSessionAsync(agent, Key(id, ("isolation", "a")), Ct))!));
    }

    [Fact]
    public async Task AUserPartitionThatIsNotTheThreadsOwner_IsRefused_AndNothingChanges()
    {
        var (agent, _, store) = Create();
        var id = NewId("s-");
        var bobs = Key(id, ("user", "bob"));
        var session = await store.GetOrCreateSessionAsync(agent, bobs, Ct);
        await store.SaveSessionAsync(agent, bobs, session, Ct);
        var alices = Key(id, ("user", "alice"));

        await Assert.ThrowsAsync<ThreadOwnerMismatchException>(async () => await store.GetSessionAsync(agent, alices, Ct));
        await Assert.ThrowsAsync<ThreadOwnerMismatchException>(async () => await store.SaveSessionAsync(agent, alices, session, Ct));
        await Assert.ThrowsAsync<ThreadOwnerMismatchException>(async () => await store.DeleteSessionAsync(agent, alices, Ct));

        Assert.NotNull(await store.GetSessionAsync(agent, bobs, Ct));
        Assert.Equal("bob", await Layer.GetThreadAuthorAsync(id, Ct));
    }
}
