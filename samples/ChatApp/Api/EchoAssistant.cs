namespace ChatApp.Api;

/// <summary>
/// The stand-in for a model: answers with the user's words after a short pause (<c>ChatApp:AssistantDelay</c>,
/// default 300 ms), so the page has a reply to rate and star without any external service.
/// </summary>
internal sealed class EchoAssistant(IConfiguration configuration, TimeProvider time)
{
    public const string Name = "Assistant";

    private readonly TimeSpan _delay = configuration.GetValue<TimeSpan?>("ChatApp:AssistantDelay") ?? TimeSpan.FromMilliseconds(300);

    public async Task<string> ReplyAsync(string message, CancellationToken cancellationToken)
    {
        await Task.Delay(_delay, time, cancellationToken);
        return $"Echo: {message}";
    }
}
