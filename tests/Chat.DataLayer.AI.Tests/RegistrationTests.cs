using Chat.DataLayer.AgentFramework;
using Chat.DataLayer.Hosting;
using Chat.DataLayer.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary>The Add… helpers in <c>Chat.DataLayer.Hosting</c> and <c>UseChatDataLayer()</c> resolving from services.</summary>
public sealed class RegistrationTests(DynamoDbServerFixture server, AiTable table)
    : AiTestBase(server, table), IClassFixture<AiTable>
{
    private ServiceProvider Services(Action<IDataLayerBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IDataLayer>(Layer);
        configure(new DataLayerBuilder(services));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AgentHelpers_RegisterOneProviderAndAStoreAttachedToIt()
    {
        await using var services = Services(b => b.AddAgentChatHistory(o => o.UserId = "u1").AddAgentSessionStore());

        var provider = services.GetRequiredService<DataLayerChatHistoryProvider>();
        var store = services.GetRequiredService<AgentSessionStore>();
        var agent = AgentFrameworkTests.Agent(AgentFrameworkTests.Model(), provider);
        var key = new AgentSessionStoreKey(NewId("s-"));
        var session = await store.GetOrCreateSessionAsync(agent, key, Ct);

        Assert.Same(provider, services.GetRequiredService<ChatHistoryProvider>());
        Assert.IsType<DataLayerAgentSessionStore>(store);
        Assert.Equal(key.SessionId, provider.GetThreadId(session));
    }

    [Fact]
    public async Task UseChatDataLayer_TakesTheDataLayerAndSettingsFromServices()
    {
        var threadId = NewId("t-");
        await using var services = Services(b => b.AddChatClientPersistence(o => o.ThreadIdSelector = (_, _) => threadId));
        using var client = new ChatClientBuilder(new ScriptedChatClient(_ => ScriptedChatClient.Words("hi there"))).UseChatDataLayer().Build(services);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hello")], cancellationToken: Ct);

        Assert.Equal(["hello", "hi there"], (await Layer.GetChatMessagesAsync(threadId, Ct)).Select(m => m.Text));
    }

    [Fact]
    public void BadSettings_FailAtRegistration()
    {
        var error = Assert.Throws<ArgumentException>(() => Services(b => b.AddChatClientPersistence(o => o.StreamingUpdateInterval = TimeSpan.FromSeconds(-1))));
        Assert.Equal("StreamingUpdateInterval", error.ParamName);
    }
}
