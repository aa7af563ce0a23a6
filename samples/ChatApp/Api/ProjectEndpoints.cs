using Chat.DataLayer;
using Microsoft.AspNetCore.Mvc;

namespace ChatApp.Api;

/// <summary>
/// The endpoints Chainlit's server has under <c>/project</c>, with Chainlit's request and response shapes, so the
/// page talks to this app the way Chainlit's front end talks to Chainlit.
/// </summary>
internal static class ProjectEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int MaxSearchLength = 200;
    public const int MaxThreadNameLength = 200;
    public const int MaxCommentLength = 2000;

    public static RouteGroupBuilder MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var project = app.MapGroup("/project").AddEndpointFilter(CurrentUser.RequireAsync);
        project.MapPost("/threads", ListThreadsAsync);
        project.MapGet("/thread/{threadId}", GetThreadAsync);
        project.MapPut("/thread", RenameThreadAsync);
        project.MapDelete("/thread", DeleteThreadAsync);
        project.MapPut("/feedback", UpsertFeedbackAsync);
        project.MapDelete("/feedback", DeleteFeedbackAsync);
        project.MapGet("/thread/{threadId}/element/{elementId}", GetElementAsync);
        return project;
    }

    /// <summary><c>POST /project/threads</c>: one page of the user's threads, newest activity first.</summary>
    private static async Task<IResult> ListThreadsAsync(ListThreadsRequest request, HttpContext http, IDataLayer data, CancellationToken cancellationToken)
    {
        var first = request.Pagination?.First ?? DefaultPageSize;
        if (first is < 1 or > MaxPageSize)
        {
            return ThreadAccess.BadRequest($"pagination.first must be between 1 and {MaxPageSize}, not {first}.");
        }

        var search = string.IsNullOrWhiteSpace(request.Filter?.Search) ? null : request.Filter.Search.Trim();
        if (search?.Length > MaxSearchLength)
        {
            return ThreadAccess.BadRequest($"filter.search must be at most {MaxSearchLength} characters.");
        }

        if (request.Filter?.Feedback is { } feedback && feedback is not (0 or 1))
        {
            return ThreadAccess.BadRequest($"filter.feedback must be 0 (thumbs down) or 1 (thumbs up), not {feedback}.");
        }

        var cursor = string.IsNullOrEmpty(request.Pagination?.Cursor) ? null : request.Pagination.Cursor;
        var page = await data.ListThreadsAsync(
            new Pagination(first, cursor),
            new ThreadFilter(UserId: http.Identifier(), Search: search, Feedback: request.Filter?.Feedback),
            cancellationToken);
        return Results.Ok(page);
    }

    /// <summary><c>GET /project/thread/{threadId}</c>: the thread with its steps, feedback and elements (fresh URLs).</summary>
    private static async Task<IResult> GetThreadAsync(string threadId, HttpContext http, IDataLayer data, ElementContent files,
        CancellationToken cancellationToken)
    {
        if (await ThreadAccess.CheckAsync(data, threadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        var thread = await data.GetThreadAsync(threadId, cancellationToken);
        return thread is null ? ThreadAccess.NotFound("thread", threadId) : Results.Ok(files.Rewrite(thread));
    }

    /// <summary><c>PUT /project/thread</c> <c>{threadId, name}</c>: renames a thread.</summary>
    private static async Task<IResult> RenameThreadAsync(RenameThreadRequest request, HttpContext http, IDataLayer data, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(request.ThreadId) || string.IsNullOrEmpty(name))
        {
            return ThreadAccess.BadRequest("threadId and name are required.");
        }

        if (name.Length > MaxThreadNameLength)
        {
            return ThreadAccess.BadRequest($"name must be at most {MaxThreadNameLength} characters.");
        }

        if (await ThreadAccess.CheckAsync(data, request.ThreadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        await data.UpdateThreadAsync(request.ThreadId, name: name, cancellationToken: cancellationToken);
        return Results.Ok(new SuccessResponse(true));
    }

    /// <summary><c>DELETE /project/thread</c> <c>{threadId}</c>: deletes the thread, its steps, elements and files.</summary>
    private static async Task<IResult> DeleteThreadAsync([FromBody] DeleteThreadRequest request, HttpContext http, IDataLayer data,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ThreadId))
        {
            return ThreadAccess.BadRequest("threadId is required.");
        }

        if (await ThreadAccess.CheckAsync(data, request.ThreadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        await data.DeleteThreadAsync(request.ThreadId, cancellationToken);
        return Results.Ok(new SuccessResponse(true));
    }

    /// <summary><c>PUT /project/feedback</c> <c>{feedback: {forId, threadId, value, comment}}</c> → <c>{success, feedbackId}</c>.</summary>
    private static async Task<IResult> UpsertFeedbackAsync(UpdateFeedbackRequest request, HttpContext http, IDataLayer data,
        CancellationToken cancellationToken)
    {
        if (request.Feedback is not { ForId: { Length: > 0 } forId, ThreadId: { Length: > 0 } threadId, Value: { } value } input)
        {
            return ThreadAccess.BadRequest("feedback.forId, feedback.threadId and feedback.value are required.");
        }

        if (value is not (0 or 1))
        {
            return ThreadAccess.BadRequest($"feedback.value must be 0 (thumbs down) or 1 (thumbs up), not {value}.");
        }

        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (comment?.Length > MaxCommentLength)
        {
            return ThreadAccess.BadRequest($"feedback.comment must be at most {MaxCommentLength} characters.");
        }

        if (await ThreadAccess.CheckAsync(data, threadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        // A step that is not in this thread gets EntityNotFoundException from the data layer: 404.
        var feedbackId = await data.UpsertFeedbackAsync(
            new Feedback { ForId = forId, ThreadId = threadId, Value = value, Comment = comment }, cancellationToken);
        return Results.Ok(new FeedbackResponse(true, feedbackId));
    }

    /// <summary><c>DELETE /project/feedback</c> <c>{feedbackId}</c>: removes a rating.</summary>
    private static async Task<IResult> DeleteFeedbackAsync([FromBody] DeleteFeedbackRequest request, HttpContext http, IDataLayer data,
        CancellationToken cancellationToken)
    {
        // The feedback id names its thread, and the thread decides who may delete it.
        var id = request.FeedbackId;
        if (!FeedbackId.TryParse(id, out var threadId, out _))
        {
            return ThreadAccess.BadRequest("feedbackId must be an id that PUT /project/feedback returned.");
        }

        if (await ThreadAccess.CheckAsync(data, threadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        await data.DeleteFeedbackAsync(id, cancellationToken);
        return Results.Ok(new SuccessResponse(true));
    }

    /// <summary><c>GET /project/thread/{threadId}/element/{elementId}</c>: the element with a freshly signed URL.</summary>
    private static async Task<IResult> GetElementAsync(string threadId, string elementId, HttpContext http, IDataLayer data,
        ElementContent files, CancellationToken cancellationToken)
    {
        if (await ThreadAccess.CheckAsync(data, threadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        var element = await data.GetElementAsync(threadId, elementId, cancellationToken);
        return element is null ? ThreadAccess.NotFound("element", elementId) : Results.Ok(files.Rewrite(element));
    }
}
