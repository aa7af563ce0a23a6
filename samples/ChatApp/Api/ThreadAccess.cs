using Chat.DataLayer;

namespace ChatApp.Api;

/// <summary>Users see only their own threads: every thread-scoped endpoint asks the data layer who owns the thread.</summary>
internal static class ThreadAccess
{
    /// <summary>
    /// <see langword="null"/> when <paramref name="user"/> owns the thread; otherwise the response to send: 404 for an
    /// unknown (or unowned) thread, 403 for someone else's.
    /// </summary>
    public static async Task<IResult?> CheckAsync(IDataLayer data, string threadId, string user, CancellationToken cancellationToken)
    {
        var author = await data.GetThreadAuthorAsync(threadId, cancellationToken);
        if (author is null)
        {
            return NotFound("thread", threadId);
        }

        return author == user
            ? null
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"The thread '{threadId}' belongs to another user.");
    }

    /// <summary>The longest thread id the app accepts for a new thread.</summary>
    public const int MaxThreadIdLength = 128;

    /// <summary>
    /// <see langword="null"/> when <paramref name="threadId"/> can name a new thread; otherwise a 400. Refuses what a
    /// script produces by mistake (<c>null</c>, <c>undefined</c>, <c>NaN</c>, <c>[object Object]</c>), blanks, control
    /// characters and ids over <see cref="MaxThreadIdLength"/> characters, so a page that sends too early gets an
    /// error instead of a thread called <c>null</c> shared by everyone who makes the same mistake.
    /// </summary>
    public static IResult? CheckThreadId(string? threadId)
    {
        var valid = !string.IsNullOrWhiteSpace(threadId)
            && threadId.Length <= MaxThreadIdLength
            && !threadId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            && !ScriptMistakes.Contains(threadId);
        return valid ? null : BadRequest(
            $"'{threadId}' is not a thread id: use up to {MaxThreadIdLength} characters without spaces, such as a UUID (the page makes one with crypto.randomUUID()).");
    }

    private static readonly HashSet<string> ScriptMistakes = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "undefined", "NaN", "[object Object]", "none", "nil",
    };

    public static IResult NotFound(string kind, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The {kind} '{id}' does not exist.");

    public static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
