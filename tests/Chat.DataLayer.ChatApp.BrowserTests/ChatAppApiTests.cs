using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chat.DataLayer.ChatApp.BrowserTests;

/// <summary>The app's REST API over HTTP, without a browser: logins, validation, status codes, Chainlit's shapes.</summary>
public sealed class ChatAppApiTests(ChatAppFixture app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_IsHealthy()
    {
        using var client = app.CreateApiClient();
        using var response = await client.GetAsync("/health", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Theory]
    [InlineData("GET", "/auth/me")]
    [InlineData("POST", "/project/threads")]
    [InlineData("GET", "/project/thread/some-thread")]
    [InlineData("POST", "/api/threads/some-thread/messages")]
    [InlineData("GET", "/api/favorites")]
    public async Task WithoutLogin_Answers401(string method, string path)
    {
        using var client = app.CreateApiClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a name that is far too long for this sample because it has more than sixty-four characters")]
    public async Task Login_WithAnInvalidName_Answers400(string name)
    {
        using var client = app.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/auth/login", new { name }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task InvalidInput_Answers400_WithAProblemThatSaysWhy()
    {
        using var client = await LoggedInClientAsync("invalid");
        var threadId = await SendAsync(client, Guid.NewGuid().ToString(), "hello");

        await AssertBadRequestAsync(client.PostAsJsonAsync($"/api/threads/{threadId}/messages", new { content = "  " }, Cancel), "content");
        await AssertBadRequestAsync(client.PostAsJsonAsync("/project/threads", new { pagination = new { first = 0 } }, Cancel), "first");
        await AssertBadRequestAsync(client.PostAsJsonAsync("/project/threads",
            new { pagination = new { first = 5, cursor = "not-a-cursor" } }, Cancel), "cursor");
        await AssertBadRequestAsync(client.PostAsJsonAsync("/project/threads",
            new { pagination = new { first = 5 }, filter = new { feedback = 2 } }, Cancel), "feedback");
        await AssertBadRequestAsync(client.PutAsJsonAsync("/project/feedback",
            new { feedback = new { forId = "x", threadId, value = 5 } }, Cancel), "value");
        await AssertBadRequestAsync(client.PutAsJsonAsync("/project/thread", new { threadId, name = "" }, Cancel), "name");
        await AssertBadRequestAsync(client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/project/feedback")
        {
            Content = JsonContent.Create(new { feedbackId = "not-a-feedback-id" }),
        }, Cancel), "feedbackId");
    }

    [Fact]
    public async Task UnknownThreadOrStep_Answers404()
    {
        using var client = await LoggedInClientAsync("unknown");
        using (var response = await client.GetAsync($"/project/thread/{Guid.NewGuid()}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Feedback on a step that is not in the (own) thread: the data layer's EntityNotFoundException.
        var threadId = await SendAsync(client, Guid.NewGuid().ToString(), "hello");
        using (var response = await client.PutAsJsonAsync("/project/feedback",
            new { feedback = new { forId = "no-such-step", threadId, value = 1 } }, Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await client.GetAsync($"/project/thread/{threadId}/element/{Guid.NewGuid()}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task ThreadsAndFeedback_UseChainlitsShapes()
    {
        using var client = await LoggedInClientAsync("shapes");
        var threadId = Guid.NewGuid().ToString();
        using var sent = await client.PostAsJsonAsync($"/api/threads/{threadId}/messages", new { content = "Shapes of things to come" }, Cancel);
        var message = await sent.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(message.GetProperty("isNewThread").GetBoolean());
        Assert.Equal("Shapes of things to come", message.GetProperty("threadName").GetString());
        Assert.Equal("user_message", message.GetProperty("userStep").GetProperty("type").GetString());
        Assert.Equal("assistant_message", message.GetProperty("assistantStep").GetProperty("type").GetString());
        var replyId = message.GetProperty("assistantStep").GetProperty("id").GetString();

        using var rated = await client.PutAsJsonAsync("/project/feedback",
            new { feedback = new { forId = replyId, threadId, value = 0, comment = "meh" } }, Cancel);
        var feedback = await rated.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(feedback.GetProperty("success").GetBoolean());
        Assert.Equal($"THREAD#{threadId}::STEP#{replyId}", feedback.GetProperty("feedbackId").GetString());

        using var listed = await client.PostAsJsonAsync("/project/threads",
            new { pagination = new { first = 10, cursor = (string?)null }, filter = new { feedback = 0, userId = "someone-else" } }, Cancel);
        var page = await listed.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var thread = Assert.Single(page.GetProperty("data").EnumerateArray());
        Assert.Equal(threadId, thread.GetProperty("id").GetString());
        Assert.False(page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        using var read = await client.GetAsync($"/project/thread/{threadId}", Cancel);
        var stored = await read.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var reply = stored.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == replyId);
        Assert.Equal(0, reply.GetProperty("feedback").GetProperty("value").GetInt32());
        Assert.Equal("meh", reply.GetProperty("feedback").GetProperty("comment").GetString());

        using var removed = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/project/feedback")
        {
            Content = JsonContent.Create(new { feedbackId = feedback.GetProperty("feedbackId").GetString() }),
        }, Cancel);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        using var relisted = await client.PostAsJsonAsync("/project/threads",
            new { pagination = new { first = 10 }, filter = new { feedback = 0 } }, Cancel);
        Assert.Empty((await relisted.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task MessageWithAFileOverTheLimit_Answers413WithAReadableMessage_AndStoresNothing()
    {
        using var client = await LoggedInClientAsync("big");
        var threadId = Guid.NewGuid().ToString();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Here is the video"), "content" },
            { new ByteArrayContent(new byte[11 * 1024 * 1024]), "file", "holiday.mp4" },
        };

        using var response = await client.PostAsync($"/api/threads/{threadId}/messages", form, Cancel);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("The upload has 11 MB: files may be at most 2 MB. Nothing was stored.", problem.GetProperty("detail").GetString());
        await AssertThreadMissingAsync(client, threadId);
    }

    [Fact]
    public async Task MessageWithAnEmptyFile_Answers400_AndStoresNothing()
    {
        using var client = await LoggedInClientAsync("empty");
        var threadId = Guid.NewGuid().ToString();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Here is nothing"), "content" },
            { new ByteArrayContent([]), "file", "nothing.txt" },
        };

        using var response = await client.PostAsync($"/api/threads/{threadId}/messages", form, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("The file 'nothing.txt' is empty.", problem.GetProperty("detail").GetString());
        await AssertThreadMissingAsync(client, threadId);
    }

    [Fact]
    public async Task MessageWithAFile_StoresTheMessageAndItsElement_InOneCall()
    {
        using var client = await LoggedInClientAsync("file");
        var threadId = Guid.NewGuid().ToString();
        var bytes = TestImages.Png(8, 8);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(""), "content" },
            { new ByteArrayContent(bytes) { Headers = { ContentType = new("image/png") } }, "file", "dot.png" },
        };

        using var response = await client.PostAsync($"/api/threads/{threadId}/messages", form, Cancel);

        response.EnsureSuccessStatusCode();
        var message = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("Sent a file: dot.png", message.GetProperty("userStep").GetProperty("output").GetString());
        var element = Assert.Single(message.GetProperty("elements").EnumerateArray());
        Assert.Equal(message.GetProperty("userStep").GetProperty("id").GetString(), element.GetProperty("forId").GetString());
        Assert.Equal(bytes, await client.GetByteArrayAsync(element.GetProperty("url").GetString(), Cancel));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("undefined")]
    [InlineData("NaN")]
    public async Task MessageToAScriptMistakeThreadId_Answers400(string threadId)
    {
        using var client = await LoggedInClientAsync("nullid");
        await AssertBadRequestAsync(client.PostAsJsonAsync($"/api/threads/{threadId}/messages", new { content = "hello" }, Cancel), "is not a thread id");
        await AssertThreadMissingAsync(client, threadId);
    }

    [Fact]
    public async Task Favourites_SayWhichThreadTheyComeFrom()
    {
        using var client = await LoggedInClientAsync("favthread");
        var threadId = Guid.NewGuid().ToString();
        using var sent = await client.PostAsJsonAsync($"/api/threads/{threadId}/messages", new { content = "Packing list for Iceland" }, Cancel);
        var stepId = (await sent.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("assistantStep").GetProperty("id").GetString();
        using var starred = await client.PutAsJsonAsync("/api/steps/favorite", new { threadId, stepId, favorite = true }, Cancel);
        starred.EnsureSuccessStatusCode();

        var favourites = await client.GetFromJsonAsync<JsonElement>("/api/favorites", Cancel);

        var favourite = Assert.Single(favourites.EnumerateArray());
        Assert.Equal(stepId, favourite.GetProperty("id").GetString());
        Assert.Equal("Packing list for Iceland", favourite.GetProperty("threadName").GetString());
    }

    private static async Task AssertThreadMissingAsync(HttpClient client, string threadId)
    {
        using var read = await client.GetAsync($"/project/thread/{Uri.EscapeDataString(threadId)}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    private async Task<HttpClient> LoggedInClientAsync(string prefix)
    {
        var client = app.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/auth/login", new { name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)] }, Cancel);
        response.EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<string> SendAsync(HttpClient client, string threadId, string content)
    {
        using var response = await client.PostAsJsonAsync($"/api/threads/{threadId}/messages", new { content }, Cancel);
        response.EnsureSuccessStatusCode();
        return threadId;
    }

    private static async Task AssertBadRequestAsync(Task<HttpResponseMessage> call, string mentioned)
    {
        using var response = await call;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Contains(mentioned, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
