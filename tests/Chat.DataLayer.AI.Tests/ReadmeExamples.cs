#pragma warning disable xUnit1051 // The README examples are copied as users write them, without a cancellation token.
using Chat.DataLayer.AgentFramework;
using Chat.DataLayer.Testing;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary>The READMEs' examples, compiled and run (keep them in step with src/*/README.md).</summary>
public sealed class ReadmeExamples(DynamoDbServerFixture server, AiTable table)
    : AiTestBase(server, table), IClassFixture<AiTable>
{
    [Fact]
    public async Task AiReadme_MessagesInAndOut()
    {
        IDataLayer dataLayer = Layer;
        var threadId = NewId("t-");

        // README: Chat.DataLayer.AI, "Messages in and out"
        await dataLayer.AddChatMessagesAsync(threadId,
        [
            new ChatMessage(ChatRole.User, "What is the capital of Norway?"),
            new ChatMessage(ChatRole.Assistant, "Oslo."),
        ]);
        IReadOnlyList<ChatMessage> history = await dataLayer.GetChatMessagesAsync(threadId);

        Assert.Equal(["What is the capital of Norway?", "Oslo."], history.Select(m => m.Text));
    }

    [Fact]
    public async Task AiReadme_PersistingChatClient()
    {
        IDataLayer dataLayer = Layer;
        IChatClient model = new ScriptedChatClient(_ => ScriptedChatClient.Words("Hello to you too"));
        var threadId = NewId("t-");

        // README: Chat.DataLayer.AI, "A chat client that persists itself"
        IChatClient client = new ChatClientBuilder(model)
            .UseChatDataLayer(dataLayer)
            .UseFunctionInvocation()
            .Build();
        var options = new ChatOptions { ConversationId = threadId };
        await foreach (var update in client.GetStreamingResponseAsync("Hello!", options))
        {
            Console.Write(update.Text);
        }

        Assert.Equal(["Hello!", "Hello to you too"], (await dataLayer.GetChatMessagesAsync(threadId)).Select(m => m.Text));
    }

    [Fact]
    public async Task AgentFrameworkReadme_AgentWithHistoryStreamingThroughTheMiddleware()
    {
        IDataLayer dataLayer = Layer;
        IChatClient model = AgentFrameworkTests.Model();
        var userId = NewId("u-");

        // README: Chat.DataLayer.AgentFramework, "An agent whose history lives in the data layer"
        var history = new DataLayerChatHistoryProvider(dataLayer, new DataLayerChatHistoryProviderOptions { UserId = userId });
        IChatClient chatClient = new ChatClientBuilder(model)
            .UseChatDataLayer(dataLayer, o => o.ThreadIdSelector = (_, _) => history.GetCurrentThreadId())
            .Build();
        AIAgent agent = new ChatClientAgent(chatClient, new ChatClientAgentOptions
        {
            Name = "assistant",
            ChatOptions = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => "sunny in " + city, "get_weather")] },
            ChatHistoryProvider = history,
            RequirePerServiceCallChatHistoryPersistence = true,
        });
        AgentSession conversation = await agent.CreateSessionAsync();
        await foreach (var update in agent.RunStreamingAsync("What is the weather in Oslo?", conversation))
        {
            Console.Write(update.Text);
        }

        await foreach (var update in agent.RunStreamingAsync("thanks", conversation))
        {
            Console.Write(update.Text);
        }

        var threadId = history.GetThreadId(conversation);
        var messages = await dataLayer.GetChatMessagesAsync(threadId);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], messages.Select(m => m.Role));
        Assert.Equal("Result noted: sunny in Oslo", messages[3].Text);
        var thread = await dataLayer.GetThreadAsync(threadId);
        Assert.Equal(6, thread!.Steps.Count);
        Assert.All(thread.Steps, s => Assert.False(s.Streaming));
        Assert.Equal(userId, thread.UserId);
    }
}
