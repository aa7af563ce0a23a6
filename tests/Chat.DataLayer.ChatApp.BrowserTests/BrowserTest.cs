using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Chat.DataLayer.ChatApp.BrowserTests;

/// <summary>
/// Helpers for the browser tests: a fresh browser context (own cookies) per page, log in, send a message. Every test
/// logs in as its own new user, so threads of other tests never show in its list.
/// </summary>
public abstract class BrowserTest(ChatAppFixture app) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    static BrowserTest() => SetDefaultExpectTimeout(10_000);

    protected ChatAppFixture App { get; } = app;

    /// <summary>A user name no other test uses.</summary>
    protected static string NewUserName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>Opens the app in a new browser context (own cookies), optionally with a query string such as <c>?pageSize=3</c>.</summary>
    protected async Task<IPage> OpenAsync(string path = "/")
    {
        var browser = App.RequireBrowser();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Opens the app and logs in as <paramref name="user"/>.</summary>
    protected async Task<IPage> OpenLoggedInAsync(string user, string path = "/")
    {
        var page = await OpenAsync(path);
        await LoginAsync(page, user);
        return page;
    }

    protected static async Task LoginAsync(IPage page, string user)
    {
        await page.GetByTestId("login-name").FillAsync(user);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("current-user")).ToHaveTextAsync(user);
        await Expect(page.GetByTestId("thread-list")).ToHaveAttributeAsync("data-loading", "false");
    }

    /// <summary>Sends a message and waits for the stand-in assistant's echo.</summary>
    protected static async Task SendAsync(IPage page, string text)
    {
        var replies = page.Locator("[data-testid=message][data-role=assistant]");
        var before = await replies.CountAsync();
        await page.GetByTestId("composer-input").FillAsync(text);
        await page.GetByTestId("send-button").ClickAsync();
        await Expect(replies).ToHaveCountAsync(before + 1);
        await Expect(replies.Last.GetByTestId("message-text")).ToHaveTextAsync($"Echo: {text}");
    }

    /// <summary>Starts a new chat and sends its first message: a new thread named after that message.</summary>
    protected static async Task<string> StartThreadAsync(IPage page, string firstMessage)
    {
        await page.GetByTestId("new-thread").ClickAsync();
        await Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();
        await SendAsync(page, firstMessage);
        await Expect(page).ToHaveURLAsync(new Regex("#/thread/"));
        var threadId = CurrentThreadId(page);
        await Expect(ThreadItem(page, threadId)).ToBeVisibleAsync();
        return threadId;
    }

    protected static string CurrentThreadId(IPage page)
    {
        var hash = new Uri(page.Url).Fragment;
        Assert.StartsWith("#/thread/", hash, StringComparison.Ordinal);
        return Uri.UnescapeDataString(hash["#/thread/".Length..]);
    }

    protected static ILocator ThreadItem(IPage page, string threadId) =>
        page.Locator($"[data-testid=thread-item][data-thread-id=\"{threadId}\"]");

    protected static ILocator ThreadItems(IPage page) => page.GetByTestId("thread-item");

    protected static ILocator Messages(IPage page, string role) => page.Locator($"[data-testid=message][data-role={role}]");

    /// <summary>Waits until the thread list has answered its latest request (after a search or filter change).</summary>
    protected static Task ListSettledAsync(IPage page) =>
        Expect(page.GetByTestId("thread-list")).ToHaveAttributeAsync("data-loading", "false");

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        GC.SuppressFinalize(this);
    }
}
