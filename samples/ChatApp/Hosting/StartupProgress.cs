namespace ChatApp.Hosting;

/// <summary>
/// One line on the console for each start-up step (what is starting, what is ready), so the seconds before
/// "Chat app ready" show something moving. Plain console lines rather than log records: they are for the person who
/// typed the command, whatever the log level.
/// </summary>
internal static class StartupProgress
{
    public static void Write(string message) => Console.WriteLine($"[chat app] {message}");
}
