using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.DataLayer.ChatApp.BrowserTests;

/// <summary>
/// The rough edges a new user met in the first hour (issue 12): sending before the page is ready, refused files,
/// markdown without HTML injection, loading states, and the small things (Escape, tab title, favicon, ...).
/// </summary>
public sealed class ChatAppFirstHourTests(ChatAppFixture app) : BrowserTest(app)
{
    private static readonly Regex Uuid = new("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task MessageSentBeforeRoutingFinishes_IsNotSent_AndTheFirstRealMessageGetsARealThread()
    {
        var page = await OpenLoggedInAsync(NewUserName("race"));
        var posted = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.Contains("/api/threads/", StringComparison.Ordinal))
            {
                posted.Add(request.Url);
            }
        };

        // A slow network: the settings request, which the page awaits before routing, hangs until released.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/settings", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var reload = page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();

        // Before routing: the composer is disabled, and Enter (or a script submitting the form) sends nothing.
        await Expect(page.GetByTestId("composer-input")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("send-button")).ToBeDisabledAsync();
        await page.EvaluateAsync("""
            () => {
              const input = document.getElementById('composer-input');
              input.value = 'Too early';
              input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
              document.getElementById('composer').requestSubmit();
            }
            """);
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(posted);
        await Expect(page.GetByTestId("pending-message")).ToHaveCountAsync(0);

        release.SetResult();
        await reload;
        await Expect(page.GetByTestId("composer-input")).ToBeEnabledAsync();
        await SendAsync(page, "Just in time");

        var threadId = CurrentThreadId(page);
        Assert.Matches(Uuid, threadId);
        var url = Assert.Single(posted);
        Assert.EndsWith($"/api/threads/{threadId}/messages", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposerStaysDisabled_WhileTheOpenedThreadLoads()
    {
        var page = await OpenLoggedInAsync(NewUserName("slowthread"));
        var threadId = await StartThreadAsync(page, "Load me slowly");
        var release = new TaskCompletionSource();
        await page.RouteAsync($"**/project/thread/{threadId}", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });

        var reload = page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.DOMContentLoaded });

        await Expect(page.GetByTestId("conversation-loading")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("composer-input")).ToBeDisabledAsync();
        release.SetResult();
        await reload;
        await Expect(page.GetByTestId("conversation-loading")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("composer-input")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("message")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task ServerApi_RefusesTheThreadIdNull()
    {
        var page = await OpenLoggedInAsync(NewUserName("nullapi"));
        var response = await page.APIRequest.PostAsync("/api/threads/null/messages", new() { DataObject = new { content = "hello" } });
        Assert.Equal(400, response.Status);
        Assert.Contains("'null' is not a thread id", await response.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileOverTheLimit_IsRefusedBeforeSending_WithAClearMessage_AndNoMessageIsStored()
    {
        var page = await OpenLoggedInAsync(NewUserName("toobig"));
        await page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "huge.bin",
            MimeType = "application/octet-stream",
            Buffer = new byte[ChatAppFixture.MaxUploadBytes + 1],
        });

        await Expect(page.GetByTestId("error-toast")).ToHaveTextAsync("“huge.bin” is 2 MB; files may be at most 2 MB. Nothing was sent.");
        await Expect(page.GetByTestId("attachment-chip")).ToBeHiddenAsync();

        await page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload { Name = "empty.txt", MimeType = "text/plain", Buffer = [] });
        await Expect(page.GetByTestId("error-toast")).ToHaveTextAsync("“empty.txt” is empty: nothing to attach.");
        await Expect(page.GetByTestId("attachment-chip")).ToBeHiddenAsync();

        await AssertNoThreadsAsync(page);
    }

    [Fact]
    public async Task FileTheServerRefuses_ShowsItsMessage_KeepsTheDraft_AndStoresNoMessage()
    {
        var page = await OpenLoggedInAsync(NewUserName("refused"));
        // A page that did not check (an older page, a changed limit): the server checks the file before storing anything.
        await page.EvaluateAsync("() => { state.maxUploadBytes = 0; }");
        await page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload
        {
            Name = "huge.bin",
            MimeType = "application/octet-stream",
            Buffer = new byte[ChatAppFixture.MaxUploadBytes + 1],
        });
        await page.GetByTestId("composer-input").FillAsync("Here is the big file");
        await page.GetByTestId("send-button").ClickAsync();

        await Expect(page.GetByTestId("error-toast")).ToHaveTextAsync(
            "Not sent: The file 'huge.bin' has 2 MB: files may be at most 2 MB. Nothing was stored.");
        await Expect(page.GetByTestId("pending-message")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("message")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("composer-input")).ToHaveValueAsync("Here is the big file");
        await Expect(page.GetByTestId("attachment-chip")).ToContainTextAsync("huge.bin");
        await AssertNoThreadsAsync(page);
    }

    [Fact]
    public async Task Markdown_IsRendered_AndRawHtmlStaysText()
    {
        var page = await OpenLoggedInAsync(NewUserName("markdown"));
        const string Message = """
            # Plan
            **Bold** and *italic* with `inline code`, see [the docs](https://example.org/docs).
            - first
            - second

            ```python
            print("<b>not bold</b>")
            ```
            <img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>
            [bad](javascript:window.__pwned=3)
            """;
        await page.GetByTestId("composer-input").FillAsync(Message);
        await page.GetByTestId("send-button").ClickAsync();
        var reply = Messages(page, "assistant").GetByTestId("message-text");
        await Expect(reply).ToHaveCountAsync(1);

        // The echo starts with "Echo: ", so the heading is a heading in the user's message only.
        await Expect(Messages(page, "user").GetByTestId("message-text").Locator("h3")).ToHaveTextAsync("Plan");
        await Expect(reply.Locator("h3")).ToHaveCountAsync(0);
        await Expect(reply.Locator("strong")).ToHaveTextAsync("Bold");
        await Expect(reply.Locator("em")).ToHaveTextAsync("italic");
        await Expect(reply.Locator("p code")).ToHaveTextAsync("inline code");
        await Expect(reply.Locator("a[href='https://example.org/docs']")).ToHaveTextAsync("the docs");
        await Expect(reply.Locator("ul li")).ToHaveTextAsync(["first", "second"]);
        await Expect(reply.Locator("pre code.language-python")).ToHaveTextAsync("print(\"<b>not bold</b>\")");

        // The HTML is shown as the text it is: no element made from it, nothing ran, no javascript: link.
        await Expect(reply).ToContainTextAsync("<img src=x onerror=\"window.__pwned = 1\"><script>window.__pwned = 2</script>");
        await Expect(reply).ToContainTextAsync("[bad](javascript:window.__pwned=3)");
        var userText = Messages(page, "user").GetByTestId("message-text");
        await Expect(userText).ToContainTextAsync("<img src=x onerror=\"window.__pwned = 1\">");
        foreach (var text in new[] { reply, userText })
        {
            await Expect(text.Locator("img, script, b")).ToHaveCountAsync(0);
            await Expect(text.Locator("a[href^='javascript']")).ToHaveCountAsync(0);
        }

        await page.ReloadAsync();
        await Expect(Messages(page, "assistant").GetByTestId("message-text").Locator("strong")).ToHaveTextAsync("Bold");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
    }

    [Fact]
    public async Task LoadingStates_ShowWhileTheUserAndTheThreadListLoad()
    {
        var page = await OpenLoggedInAsync(NewUserName("loading"));
        await StartThreadAsync(page, "Something to list");
        var releaseMe = new TaskCompletionSource();
        var releaseList = new TaskCompletionSource();
        await page.RouteAsync("**/auth/me", async route =>
        {
            await releaseMe.Task;
            await route.ContinueAsync();
        });
        await page.RouteAsync("**/project/threads", async route =>
        {
            await releaseList.Task;
            await route.ContinueAsync();
        });

        var reload = page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.DOMContentLoaded });

        // First load: a loading screen, not a login form or an empty app.
        await Expect(page.GetByTestId("boot-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("login-view")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("app-view")).ToBeHiddenAsync();
        releaseMe.SetResult();

        // Then the thread list says it is loading rather than "No threads yet".
        await Expect(page.GetByTestId("boot-view")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("thread-list-loading")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("thread-list-empty")).ToBeHiddenAsync();
        releaseList.SetResult();
        await reload;
        await ListSettledAsync(page);
        await Expect(page.GetByTestId("thread-list-loading")).ToBeHiddenAsync();
        await Expect(ThreadItems(page)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task ServerGone_ShowsAFriendlyMessage_NotFailedToFetch()
    {
        var page = await OpenLoggedInAsync(NewUserName("offline"));
        await page.RouteAsync("**/api/threads/**", route => route.AbortAsync("connectionrefused"));
        await page.GetByTestId("composer-input").FillAsync("Anyone there?");
        await page.GetByTestId("send-button").ClickAsync();

        await Expect(page.GetByTestId("error-toast")).ToHaveTextAsync(
            "Cannot reach the chat app: is it still running? Check its terminal (or your connection), then try again.");
        await Expect(page.GetByTestId("composer-input")).ToHaveValueAsync("Anyone there?");
    }

    [Fact]
    public async Task Escape_ClosesTheRenameAndFeedbackForms()
    {
        var page = await OpenLoggedInAsync(NewUserName("escape"));
        await StartThreadAsync(page, "Press Escape");

        await page.GetByTestId("rename-thread").ClickAsync();
        await page.GetByTestId("rename-input").FillAsync("Not saved");
        await page.GetByTestId("rename-input").PressAsync("Escape");
        await Expect(page.GetByTestId("rename-form")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("thread-title")).ToHaveTextAsync("Press Escape");

        await Messages(page, "assistant").Last.GetByTestId("thumb-down").ClickAsync();
        await page.GetByTestId("feedback-comment").PressAsync("Escape");
        await Expect(page.GetByTestId("feedback-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TabTitle_FollowsTheThread_MessagesHaveTimes_AndTheFaviconIsServed()
    {
        var page = await OpenLoggedInAsync(NewUserName("title"));
        await Expect(page).ToHaveTitleAsync("New chat · Chat.DataLayer");
        await StartThreadAsync(page, "Trip to Porto");
        await Expect(page).ToHaveTitleAsync("Trip to Porto · Chat.DataLayer");
        await Expect(Messages(page, "user").GetByTestId("message-time")).ToHaveAttributeAsync("datetime", new Regex("^\\d{4}-\\d{2}-\\d{2}T"));
        await Expect(Messages(page, "assistant").GetByTestId("message-time")).ToHaveTextAsync(new Regex("^\\d{2}:\\d{2}$"));

        await page.GetByTestId("favorites-link").ClickAsync();
        await Expect(page).ToHaveTitleAsync("Favourites · Chat.DataLayer");

        foreach (var path in new[] { "/favicon.ico", "/favicon.svg" })
        {
            var icon = await page.APIRequest.GetAsync(path);
            Assert.Equal(200, icon.Status);
            Assert.Equal("image/svg+xml", icon.Headers["content-type"]);
        }
    }

    [Fact]
    public async Task Favourites_SayWhichThreadTheyComeFrom()
    {
        var page = await OpenLoggedInAsync(NewUserName("favfrom"));
        await StartThreadAsync(page, "Recipes for a rainy day");
        await Messages(page, "assistant").Last.GetByTestId("star-button").ClickAsync();
        await Expect(Messages(page, "assistant").Last.GetByTestId("star-button")).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GetByTestId("favorites-link").ClickAsync();

        await Expect(page.GetByTestId("favorite-thread")).ToHaveTextAsync("In “Recipes for a rainy day”");
    }

    private static async Task AssertNoThreadsAsync(IPage page)
    {
        var response = await page.APIRequest.PostAsync("/project/threads", new() { DataObject = new { pagination = new { first = 5 } } });
        Assert.Equal(200, response.Status);
        var threads = await response.JsonAsync();
        Assert.Equal(0, threads!.Value.GetProperty("data").GetArrayLength());
        await Expect(ThreadItems(page)).ToHaveCountAsync(0);
    }
}
