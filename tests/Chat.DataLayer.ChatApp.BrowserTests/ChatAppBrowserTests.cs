using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.DataLayer.ChatApp.BrowserTests;

/// <summary>The chat page in a real browser against the running app, its data layer and its embedded emulators.</summary>
public sealed class ChatAppBrowserTests(ChatAppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task Login_ShowsTheUserAndAnEmptyThreadList()
    {
        var user = NewUserName("login");
        var page = await OpenAsync();
        await Expect(page.GetByTestId("login-view")).ToBeVisibleAsync();

        await LoginAsync(page, user);

        await Expect(page.GetByTestId("login-view")).ToBeHiddenAsync();
        await Expect(ThreadItems(page)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("thread-list-empty")).ToHaveTextAsync("No threads yet");
        await Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();

        // The login is remembered by the cookie.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("current-user")).ToHaveTextAsync(user);
    }

    [Fact]
    public async Task SendMessage_ShowsTheEchoReply_AndTheConversationSurvivesAReload()
    {
        var page = await OpenLoggedInAsync(NewUserName("send"));

        var threadId = await StartThreadAsync(page, "What should I see in Lisbon?");
        await SendAsync(page, "And where should I eat?");

        await Expect(page.GetByTestId("thread-title")).ToHaveTextAsync("What should I see in Lisbon?");
        await Expect(ThreadItem(page, threadId)).ToHaveTextAsync("What should I see in Lisbon?");

        await page.ReloadAsync();

        await Expect(page.GetByTestId("thread-title")).ToHaveTextAsync("What should I see in Lisbon?");
        await Expect(page.GetByTestId("message-text")).ToHaveTextAsync(
        [
            "What should I see in Lisbon?", "Echo: What should I see in Lisbon?",
            "And where should I eat?", "Echo: And where should I eat?",
        ]);
        await Expect(Messages(page, "user")).ToHaveCountAsync(2);
        await Expect(Messages(page, "assistant")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Reply_IsShownWhileItStreams_WithItsToolStep_AndTheSameAfterAReload()
    {
        var page = await OpenLoggedInAsync(NewUserName("stream"));
        await page.GetByTestId("new-thread").ClickAsync();
        // 60 words: the stand-in writes one word per 40 ms, so the reply takes over two seconds to finish.
        var text = string.Join(' ', Enumerable.Range(1, 60).Select(i => $"w{i:00}"));
        var reply = $"Echo: {text}";

        await page.GetByTestId("composer-input").FillAsync(text);
        await page.GetByTestId("send-button").ClickAsync();

        // While streaming: the tool call as a collapsed step, and part of the reply, not all of it.
        var streaming = page.GetByTestId("streaming-message");
        await Expect(streaming.GetByTestId("tool-step")).ToBeVisibleAsync();
        await Expect(streaming.GetByTestId("streaming-text")).ToContainTextAsync("Echo: w01");
        var partial = await streaming.GetByTestId("streaming-text").InnerTextAsync();
        Assert.StartsWith("Echo: w01", partial, StringComparison.Ordinal);
        Assert.True(partial.Length < reply.Length, $"Expected part of the reply while it streams, got all {partial.Length} characters.");

        // Finished: one reply, the tool step under it, collapsed until opened.
        var replies = Messages(page, "assistant");
        await Expect(replies).ToHaveCountAsync(1);
        await Expect(replies.GetByTestId("message-text")).ToHaveTextAsync(reply);
        await Expect(streaming).ToHaveCountAsync(0);
        await AssertToolStepAsync(replies);

        // A reload shows the same, from what the agent stored: a tool step whose parent is an assistant step.
        var threadId = CurrentThreadId(page);
        await page.ReloadAsync();
        replies = Messages(page, "assistant");
        await Expect(replies).ToHaveCountAsync(1);
        await Expect(replies.GetByTestId("message-text")).ToHaveTextAsync(reply);
        await AssertToolStepAsync(replies);

        var response = await page.Context.APIRequest.GetAsync($"/project/thread/{threadId}");
        Assert.True(response.Ok);
        var steps = (await response.JsonAsync())!.Value.GetProperty("steps").EnumerateArray().ToList();
        var tool = Assert.Single(steps, s => s.GetProperty("type").GetString() == "tool");
        Assert.Equal("count_words", tool.GetProperty("name").GetString());
        var parent = Assert.Single(steps, s => s.GetProperty("id").GetString() == tool.GetProperty("parentId").GetString());
        Assert.Equal("assistant_message", parent.GetProperty("type").GetString());

        static async Task AssertToolStepAsync(ILocator reply)
        {
            var step = reply.GetByTestId("tool-step");
            await Expect(step).ToHaveCountAsync(1);
            await Expect(step).ToContainTextAsync("count_words");
            await Expect(step.GetByTestId("tool-output")).ToBeHiddenAsync();
            await step.Locator("summary").ClickAsync();
            await Expect(step.GetByTestId("tool-output")).ToHaveTextAsync("60");
        }
    }

    [Fact]
    public async Task AttachedPng_IsShownInAnImgServedThroughTheApp_ThatLoaded()
    {
        var page = await OpenLoggedInAsync(NewUserName("attach"));
        await page.GetByTestId("new-thread").ClickAsync();

        await page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "chart.png",
            MimeType = "image/png",
            Buffer = TestImages.Png(48, 32),
        });
        await Expect(page.GetByTestId("attachment-chip")).ToContainTextAsync("chart.png");
        await SendAsync(page, "Here is the chart");

        var image = Messages(page, "user").GetByTestId("message-image");
        await Expect(image).ToHaveCountAsync(1);
        await AssertSignedImageLoadedAsync(image, width: 48);

        // After a reload the page reads the thread again: the element comes back with its URL, and it loads.
        await page.ReloadAsync();
        image = Messages(page, "user").GetByTestId("message-image");
        await Expect(image).ToHaveCountAsync(1);
        await AssertSignedImageLoadedAsync(image, width: 48);

        // GET /project/thread/{id}/element/{elementId} gives the same app URL; the bytes come back with the right type.
        var threadId = CurrentThreadId(page);
        var elementId = await image.GetAttributeAsync("data-element-id");
        var response = await page.APIRequest.GetAsync($"/project/thread/{threadId}/element/{elementId}");
        Assert.Equal(200, response.Status);
        var element = await response.JsonAsync();
        Assert.Equal("image", element!.Value.GetProperty("type").GetString());
        Assert.Equal("image/png", element.Value.GetProperty("mime").GetString());
        var url = element.Value.GetProperty("url").GetString();
        Assert.Equal($"/api/threads/{threadId}/elements/{elementId}/content", url);
        var content = await page.APIRequest.GetAsync(url!);
        Assert.Equal(200, content.Status);
        Assert.Equal("image/png", content.Headers["content-type"]);
        Assert.Equal(TestImages.Png(48, 32), await content.BodyAsync());
    }

    [Fact]
    public async Task ThumbsUpWithComment_IsStored_AndTheRatedFilterListsOnlyThatThread()
    {
        var page = await OpenLoggedInAsync(NewUserName("rate"));
        var rated = await StartThreadAsync(page, "Rate this answer please");
        var reply = Messages(page, "assistant").Last;

        await reply.GetByTestId("thumb-up").ClickAsync();
        await reply.GetByTestId("feedback-comment").FillAsync("Spot on");
        await reply.GetByTestId("feedback-submit").ClickAsync();
        await Expect(reply.GetByTestId("feedback-summary")).ToContainTextAsync("Spot on");
        await Expect(Messages(page, "assistant").Last.GetByTestId("thumb-up")).ToHaveAttributeAsync("aria-pressed", "true");

        var unrated = await StartThreadAsync(page, "Nobody rates this one");
        await Expect(ThreadItems(page)).ToHaveCountAsync(2);

        await page.GetByTestId("feedback-filter").SelectOptionAsync("1");
        await ListSettledAsync(page);
        await Expect(ThreadItems(page)).ToHaveCountAsync(1);
        await Expect(ThreadItem(page, rated)).ToBeVisibleAsync();
        await Expect(ThreadItem(page, unrated)).ToHaveCountAsync(0);

        await page.GetByTestId("feedback-filter").SelectOptionAsync("0");
        await ListSettledAsync(page);
        await Expect(ThreadItems(page)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("thread-list-empty")).ToHaveTextAsync("No matching threads");

        // The rating and its comment are stored with the step.
        await ThreadItemAfterFilterResetAsync(page, rated);
        await Expect(Messages(page, "assistant").Last.GetByTestId("feedback-summary")).ToHaveTextAsync("Good answer — “Spot on”");
    }

    [Fact]
    public async Task Search_IsCaseInsensitive_AndListsOnlyMatchingThreads()
    {
        var page = await OpenLoggedInAsync(NewUserName("search"));
        var trams = await StartThreadAsync(page, "Lisbon trams at night");
        var wine = await StartThreadAsync(page, "Porto wine cellars");
        var food = await StartThreadAsync(page, "best food in lisbon");
        await Expect(ThreadItems(page)).ToHaveCountAsync(3);

        await page.GetByTestId("thread-search").FillAsync("LISBON");
        await ListSettledAsync(page);

        await Expect(ThreadItems(page)).ToHaveCountAsync(2);
        await Expect(ThreadItem(page, trams)).ToBeVisibleAsync();
        await Expect(ThreadItem(page, food)).ToBeVisibleAsync();
        await Expect(ThreadItem(page, wine)).ToHaveCountAsync(0);

        await page.GetByTestId("thread-search").FillAsync("cellar");
        await ListSettledAsync(page);
        await Expect(ThreadItems(page)).ToHaveTextAsync(["Porto wine cellars"]);

        await page.GetByTestId("thread-search").FillAsync("madrid");
        await ListSettledAsync(page);
        await Expect(ThreadItems(page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task StarredMessage_IsListedInFavourites_AndOpensItsThread()
    {
        var page = await OpenLoggedInAsync(NewUserName("star"));
        var threadId = await StartThreadAsync(page, "Remember this recipe");
        await SendAsync(page, "Not this one");

        var first = Messages(page, "assistant").First;
        await first.GetByTestId("star-button").ClickAsync();
        await Expect(Messages(page, "assistant").First.GetByTestId("star-button")).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GetByTestId("favorites-link").ClickAsync();
        var favourites = page.GetByTestId("favorite-item");
        await Expect(favourites).ToHaveCountAsync(1);
        await Expect(favourites.GetByTestId("favorite-text")).ToHaveTextAsync("Echo: Remember this recipe");

        await favourites.GetByTestId("favorite-open").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/thread/{threadId}$"));
        await Expect(Messages(page, "assistant").First.GetByTestId("star-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(Messages(page, "assistant").Last.GetByTestId("star-button")).ToHaveAttributeAsync("aria-pressed", "false");

        // Unstarring removes it from the favourites.
        await Messages(page, "assistant").First.GetByTestId("star-button").ClickAsync();
        await Expect(Messages(page, "assistant").First.GetByTestId("star-button")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.GetByTestId("favorites-link").ClickAsync();
        await Expect(page.GetByTestId("favorites-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task RenamedThread_ShowsItsNewName_InTheListAndAfterReload()
    {
        var page = await OpenLoggedInAsync(NewUserName("rename"));
        var threadId = await StartThreadAsync(page, "A name from the first words of the message");

        await page.GetByTestId("rename-thread").ClickAsync();
        await page.GetByTestId("rename-input").FillAsync("Holiday plans");
        await page.GetByTestId("rename-save").ClickAsync();

        await Expect(page.GetByTestId("thread-title")).ToHaveTextAsync("Holiday plans");
        await Expect(ThreadItem(page, threadId)).ToHaveTextAsync("Holiday plans");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("thread-title")).ToHaveTextAsync("Holiday plans");
        await Expect(ThreadItem(page, threadId)).ToHaveTextAsync("Holiday plans");
    }

    [Fact]
    public async Task DeletedThread_IsGone_AlsoAfterReload()
    {
        var page = await OpenLoggedInAsync(NewUserName("delete"));
        var kept = await StartThreadAsync(page, "Keep this thread");
        var deleted = await StartThreadAsync(page, "Delete this thread");
        await Expect(ThreadItems(page)).ToHaveCountAsync(2);

        await page.GetByTestId("delete-thread").ClickAsync();
        await page.GetByTestId("delete-confirm").ClickAsync();

        await Expect(ThreadItem(page, deleted)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await ListSettledAsync(page);
        await Expect(ThreadItems(page)).ToHaveCountAsync(1);
        await Expect(ThreadItem(page, kept)).ToBeVisibleAsync();

        // Its address now says it does not exist.
        await page.GotoAsync($"/#/thread/{deleted}");
        await Expect(page.GetByTestId("thread-error")).ToContainTextAsync("does not exist");
        var response = await page.APIRequest.GetAsync($"/project/thread/{deleted}");
        Assert.Equal((int)HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task SecondUser_CannotSeeOrUseTheFirstUsersThread()
    {
        var owner = await OpenLoggedInAsync(NewUserName("owner"));
        var threadId = await StartThreadAsync(owner, "My private thread");
        var stepId = await Messages(owner, "assistant").Last.GetAttributeAsync("data-step-id");

        var other = await OpenLoggedInAsync(NewUserName("other"));
        await Expect(ThreadItems(other)).ToHaveCountAsync(0);

        await other.GotoAsync($"/#/thread/{threadId}");
        await Expect(other.GetByTestId("thread-error")).ToContainTextAsync("belongs to another user");
        await Expect(other.GetByTestId("message")).ToHaveCountAsync(0);

        // The API refuses every thread-scoped call: read, send, rename, rate, star, delete.
        var api = other.APIRequest;
        Assert.Equal(403, (await api.GetAsync($"/project/thread/{threadId}")).Status);
        Assert.Equal(403, (await api.PostAsync($"/api/threads/{threadId}/messages",
            new() { DataObject = new { content = "hello" } })).Status);
        Assert.Equal(403, (await api.PutAsync("/project/thread",
            new() { DataObject = new { threadId, name = "mine now" } })).Status);
        Assert.Equal(403, (await api.PutAsync("/project/feedback",
            new() { DataObject = new { feedback = new { forId = stepId, threadId, value = 0 } } })).Status);
        Assert.Equal(403, (await api.PutAsync("/api/steps/favorite",
            new() { DataObject = new { threadId, stepId, favorite = true } })).Status);
        Assert.Equal(403, (await api.DeleteAsync("/project/thread", new() { DataObject = new { threadId } })).Status);
        Assert.Equal(404, (await api.GetAsync($"/project/thread/{Guid.NewGuid()}")).Status);

        // Nothing changed for the owner.
        await owner.ReloadAsync();
        await Expect(owner.GetByTestId("thread-title")).ToHaveTextAsync("My private thread");
        await Expect(owner.GetByTestId("message")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task ThreadList_LoadsTheNextPages_WhenScrolledToTheEnd()
    {
        var user = NewUserName("pages");
        var page = await OpenLoggedInAsync(user, "/?pageSize=3");
        for (var i = 1; i <= 7; i++)
        {
            var response = await page.APIRequest.PostAsync($"/api/threads/{Guid.NewGuid()}/messages",
                new() { DataObject = new { content = $"Thread number {i}" } });
            Assert.Equal(200, response.Status);
        }

        await page.ReloadAsync();
        await ListSettledAsync(page);
        // The first page (3) does not fill the sidebar, so the page keeps loading until the list ends.
        await Expect(ThreadItems(page)).ToHaveCountAsync(7);
        await Expect(ThreadItems(page).First).ToHaveTextAsync("Thread number 7");
        await Expect(ThreadItems(page).Last).ToHaveTextAsync("Thread number 1");
        await Expect(page.GetByTestId("load-more")).ToBeHiddenAsync();

        // In a short window the list overflows: the next page loads when the end of the list scrolls into view.
        await page.SetViewportSizeAsync(1280, 330);
        await page.ReloadAsync();
        await ListSettledAsync(page);
        var loaded = await ThreadItems(page).CountAsync();
        Assert.InRange(loaded, 3, 6);
        await Expect(page.GetByTestId("load-more")).ToBeVisibleAsync();
        await page.GetByTestId("thread-list-sentinel").ScrollIntoViewIfNeededAsync();
        await Expect(ThreadItems(page)).ToHaveCountAsync(7);
    }

    [Fact]
    public async Task MainFlow_LooksRight_Screenshot()
    {
        var page = await OpenLoggedInAsync("Ada Lovelace");
        await StartThreadAsync(page, "Plan a weekend in Lisbon");
        await page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "tram-28.png",
            MimeType = "image/png",
            Buffer = TestImages.Png(160, 100),
        });
        await SendAsync(page, "Here is the tram map");
        await AssertSignedImageLoadedAsync(Messages(page, "user").GetByTestId("message-image"), width: 160);

        var reply = Messages(page, "assistant").First;
        await reply.GetByTestId("thumb-up").ClickAsync();
        await reply.GetByTestId("feedback-comment").FillAsync("Helpful");
        await reply.GetByTestId("feedback-submit").ClickAsync();
        await Expect(Messages(page, "assistant").First.GetByTestId("feedback-summary")).ToBeVisibleAsync();
        await Messages(page, "assistant").Last.GetByTestId("star-button").ClickAsync();
        await Expect(Messages(page, "assistant").Last.GetByTestId("star-button")).ToHaveAttributeAsync("aria-pressed", "true");

        // Markdown: emphasis, inline code and a fenced code block.
        await page.GetByTestId("composer-input").FillAsync(
            "Which **tram** line? Try `28`:\n```bash\ncurl https://example.org/tram/28\n```");
        await page.GetByTestId("send-button").ClickAsync();
        await Expect(Messages(page, "assistant")).ToHaveCountAsync(3);
        await Expect(Messages(page, "assistant").Last.Locator("pre code")).ToHaveTextAsync("curl https://example.org/tram/28");

        await page.SetViewportSizeAsync(1280, 1000);
        Directory.CreateDirectory(ChatAppFixture.ScreenshotDirectory);
        var path = Path.Combine(ChatAppFixture.ScreenshotDirectory, "chat-app-main-flow.png");
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment("chat-app-main-flow.png", bytes, "image/png");
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        Assert.True(bytes.Length > 10_000, $"The screenshot has only {bytes.Length} bytes.");
    }

    private static async Task AssertSignedImageLoadedAsync(ILocator image, int width)
    {
        var src = await image.GetAttributeAsync("src");
        Assert.NotNull(src);
        // With the embedded azurite the app serves the bytes itself (its signed URLs name a loopback port that a
        // browser behind a port forward cannot reach), after the same ownership check as every thread endpoint.
        Assert.Matches(new Regex("^/api/threads/[^/]+/elements/[^/]+/content$", RegexOptions.None, TimeSpan.FromSeconds(1)), src);
        await Expect(image).ToHaveJSPropertyAsync("complete", true);
        await Expect(image).ToHaveJSPropertyAsync("naturalWidth", width);
    }

    private static async Task ThreadItemAfterFilterResetAsync(IPage page, string threadId)
    {
        await page.GetByTestId("feedback-filter").SelectOptionAsync("");
        await ListSettledAsync(page);
        await ThreadItem(page, threadId).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/thread/{threadId}$"));
        await page.ReloadAsync();
    }
}
