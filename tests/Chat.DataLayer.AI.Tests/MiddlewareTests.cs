using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Chat.DataLayer.AI.Tests;

/// <summary><c>UseChatDataLayer</c>: what a pipeline writes, for whole and streamed responses.</summary>
public sealed class MiddlewareTests(DynamoDbServerFixture server, AiTable table)
    : AiTestBase(server, table), IClassFixture<AiTable>
{
    private IChatClient Pipeline(IChatClient inner, TimeSpan? interval = null, bool functions = false)
    {
        var builder = new ChatClientBuilder(inner).UseChatDataLayer(Layer, o => o.StreamingUpdateInterval = interval ?? TimeSpan.Zero);
        if (functions)
        {
            builder.UseFunctionInvocation();
        }

        return builder.Build();
    }

    private static JsonObject? Block(Step step) => step.Metadata?["chat.datalayer.ai"] as JsonObject;

    [Fact]
    public async Task GetResponse_StoresRequestAndResponse_AndResendingHistoryAddsOnlyTheNewTurn()
    {
        var inner = new ScriptedChatClient(request => ScriptedChatClient.Words("echo " + request[^1].Text));
        var client = Pipeline(inner);
        var threadId = NewId("t-");
        var options = new ChatOptions { ConversationId = threadId };
        List<ChatMessage> history = [new(ChatRole.User, "yes")];

        var first = await client.GetResponseAsync(history, options, Ct);
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.User, "yes"));
        var second = await client.GetResponseAsync(history, options, Ct);
        history.AddRange(second.Messages);

        var read = await Layer.GetChatMessagesAsync(threadId, Ct);
        Assert.Equal(["yes", "echo yes", "yes", "echo yes"], read.Select(m => m.Text));
        Assert.Equal(Json(history), Json(read));
        var thread = await Layer.GetThreadAsync(threadId, Ct);
        var assistant = thread!.Steps.First(s => s.Type == StepTypes.AssistantMessage);
        Assert.Equal(9, (int)assistant.Generation!["tokenCount"]!);
    }

    [Fact]
    public async Task NoThreadId_IsAClearError()
    {
        var client = Pipeline(new ScriptedChatClient(_ => ScriptedChatClient.Words("hi")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], null, Ct));

        Assert.Contains("ConversationId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_CreatesTheStepWhenItStarts_UpdatesItWhileStreaming_AndFinishesIt()
    {
        var threadId = NewId("t-");
        var snapshots = new List<Step>();
        var inner = new ScriptedChatClient(_ => ScriptedChatClient.Words("one two three four"));
        inner.BeforeUpdate = async n =>
        {
            if (n is 1 or 3)
            {
                var thread = await Layer.GetThreadAsync(threadId, Ct);
                snapshots.Add(thread!.Steps.Single(s => s.Type == StepTypes.AssistantMessage));
            }
        };
        var client = Pipeline(inner);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "count")], new ChatOptions { ConversationId = threadId }, Ct))
        {
            updates.Add(update);
        }

        Assert.All(snapshots, s => Assert.True(s.Streaming));
        Assert.Equal("one", snapshots[0].Output);
        Assert.Equal("one two three", snapshots[1].Output);
        var final = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Single(s => s.Type == StepTypes.AssistantMessage);
        Assert.False(final.Streaming);
        Assert.Equal("one two three four", final.Output);
        Assert.NotNull(final.End);
        Assert.Equal(11, (int)final.Generation!["tokenCount"]!);
        Assert.Equal(snapshots[0].Id, final.Id);
        Assert.All(updates, u => Assert.Equal(final.Id, u.MessageId));
        var read = await Layer.GetChatMessagesAsync(threadId, Ct);
        Assert.Equal(["count", "one two three four"], read.Select(m => m.Text));
    }

    [Fact]
    public async Task Streaming_WritesTheTextAtABoundedRate()
    {
        var threadId = NewId("t-");
        var counting = new CountingDataLayer(Layer);
        var inner = new ScriptedChatClient(_ => ScriptedChatClient.Words(string.Join(' ', Enumerable.Range(0, 50))));
        var client = new ChatClientBuilder(inner).UseChatDataLayer(counting, o => o.StreamingUpdateInterval = TimeSpan.FromHours(1)).Build();

        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "go")], new ChatOptions { ConversationId = threadId }, Ct))
        {
        }

        Assert.Equal(0, counting.UpdateStepCalls);
        var final = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Single(s => s.Type == StepTypes.AssistantMessage);
        Assert.EndsWith("49", final.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_CancelledMidStream_KeepsWhatWasReceived_MarkedCancelled()
    {
        var threadId = NewId("t-");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var inner = new ScriptedChatClient(_ => ScriptedChatClient.Words("alpha beta gamma delta"));
        inner.BeforeUpdate = n =>
        {
            if (n == 2)
            {
                cts.Cancel();
            }

            return Task.CompletedTask;
        };
        var client = Pipeline(inner);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "greek")], new ChatOptions { ConversationId = threadId }, cts.Token))
            {
            }
        });

        var step = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Single(s => s.Type == StepTypes.AssistantMessage);
        Assert.Equal("alpha beta", step.Output);
        Assert.False(step.Streaming);
        Assert.Equal("cancelled", (string?)Block(step)!["status"]);
        Assert.NotEqual(true, step.IsError);
        Assert.Equal(["greek", "alpha beta"], (await Layer.GetChatMessagesAsync(threadId, Ct)).Select(m => m.Text));
    }

    [Fact]
    public async Task Streaming_ConsumerStopsEarly_KeepsWhatWasReceived_MarkedCancelled()
    {
        var threadId = NewId("t-");
        var client = Pipeline(new ScriptedChatClient(_ => ScriptedChatClient.Words("red green blue")));

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "colours")], new ChatOptions { ConversationId = threadId }, Ct))
        {
            break;
        }

        var step = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Single(s => s.Type == StepTypes.AssistantMessage);
        Assert.Equal("red", step.Output);
        Assert.Equal("cancelled", (string?)Block(step)!["status"]);
    }

    [Fact]
    public async Task Streaming_FailingMidStream_KeepsWhatWasReceived_MarkedFailed_AndTheErrorReachesTheCaller()
    {
        var threadId = NewId("t-");
        var inner = new ScriptedChatClient(_ => ScriptedChatClient.Words("partial answer here"));
        inner.BeforeUpdate = n => n == 2 ? throw new HttpRequestException("model went away") : Task.CompletedTask;
        var client = Pipeline(inner);

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { ConversationId = threadId }, Ct))
            {
            }
        });

        Assert.Equal("model went away", error.Message);
        var step = (await Layer.GetThreadAsync(threadId, Ct))!.Steps.Single(s => s.Type == StepTypes.AssistantMessage);
        Assert.Equal("partial answer", step.Output);
        Assert.Equal("failed", (string?)Block(step)!["status"]);
        Assert.True(step.IsError);
    }

    [Fact]
    public async Task Streaming_WithFunctionInvocation_StoresTheToolCallAsAChildStepOfTheAssistantStep()
    {
        var threadId = NewId("t-");
        var inner = new ScriptedChatClient(request => request[^1].Role == ChatRole.Tool
            ? ScriptedChatClient.Words("It is 12:00.")
            : [new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = [new FunctionCallContent("c1", "clock")] }]);
        var tools = new ChatOptions { ConversationId = null, Tools = [AIFunctionFactory.Create(() => "12:00", "clock")] };
        var client = new ChatClientBuilder(inner)
            .UseChatDataLayer(Layer, o => o.ThreadIdSelector = (_, _) => threadId)
            .UseFunctionInvocation()
            .Build();

        await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "time?")], tools, Ct))
        {
        }

        var thread = await Layer.GetThreadAsync(threadId, Ct);
        var tool = Assert.Single(thread!.Steps, s => s.Type == StepTypes.Tool);
        var caller = thread.Steps.Single(s => s.Id == tool.ParentId);
        Assert.Equal(StepTypes.AssistantMessage, caller.Type);
        Assert.Equal("clock", tool.Name);
        Assert.Equal("12:00", tool.Output);
        var messages = await Layer.GetChatMessagesAsync(threadId, Ct);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], messages.Select(m => m.Role));
        Assert.Equal("It is 12:00.", messages[^1].Text);
    }
}
