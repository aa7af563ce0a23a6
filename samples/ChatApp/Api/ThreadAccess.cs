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

    public static IResult NotFound(string kind, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The {kind} '{id}' does not exist.");

    public static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
}
