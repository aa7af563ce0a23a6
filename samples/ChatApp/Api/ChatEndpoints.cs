using Chat.DataLayer;
using ChatApp.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;

namespace ChatApp.Api;

/// <summary>The app's own endpoints: login, sending a message, uploading a file, favourites, settings.</summary>
internal static class ChatEndpoints
{
    public const int MaxMessageLength = 10_000;
    public const long DefaultMaxUploadBytes = 10 * 1024 * 1024;
    public const int MaxFileNameLength = 200;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth");
        auth.MapPost("/login", LoginAsync);
        auth.MapPost("/logout", (HttpContext http) =>
        {
            CurrentUser.SignOut(http);
            return Results.Ok(new SuccessResponse(true));
        });
        auth.MapGet("/me", (HttpContext http) => Results.Ok(new UserResponse(http.Identifier(), http.Identifier())))
            .AddEndpointFilter(CurrentUser.RequireAsync);

        var api = app.MapGroup("/api").AddEndpointFilter(CurrentUser.RequireAsync);
        api.MapGet("/settings", (IServiceProvider services, IConfiguration configuration, BackendPlan plan) =>
            Results.Ok(new AppSettingsResponse(services.GetService<IStorageClient>() is not null, MaxUploadBytes(configuration), plan.Describe())));
        api.MapPost("/threads/{threadId}/messages", SendMessageAsync);
        api.MapPost("/threads/{threadId}/elements", UploadElementAsync)
            // A multipart form: the Strict SameSite login cookie is the sample's CSRF protection (see CurrentUser).
            .DisableAntiforgery();
        api.MapPut("/steps/favorite", SetFavoriteAsync);
        api.MapGet("/favorites", async (HttpContext http, IDataLayer data, CancellationToken cancellationToken) =>
            Results.Ok(await data.GetFavoriteStepsAsync(http.Identifier(), cancellationToken)));
    }

    public static long MaxUploadBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("ChatApp:MaxUploadBytes") ?? DefaultMaxUploadBytes;

    /// <summary><c>POST /auth/login</c> <c>{name}</c>: stores the user (first time only) and sets the login cookie.</summary>
    private static async Task<IResult> LoginAsync(LoginRequest request, HttpContext http, IDataLayer data, CancellationToken cancellationToken)
    {
        if (CurrentUser.Normalize(request.Name) is not { } identifier)
        {
            return ThreadAccess.BadRequest($"name must be 1 to {CurrentUser.MaxNameLength} characters, without control characters.");
        }

        var user = await data.GetUserAsync(identifier, cancellationToken)
            ?? await data.CreateUserAsync(new User { Identifier = identifier, DisplayName = identifier }, cancellationToken);
        CurrentUser.SignIn(http, user.Identifier);
        return Results.Ok(new UserResponse(user.Identifier, user.DisplayName));
    }

    /// <summary>
    /// <c>POST /api/threads/{threadId}/messages</c> <c>{content}</c>: the first message creates the thread (named after
    /// its first words, owned by the user); then the user's step, then the stand-in assistant's reply step.
    /// </summary>
    private static async Task<IResult> SendMessageAsync(string threadId, SendMessageRequest request, HttpContext http, IDataLayer data,
        EchoAssistant assistant, TimeProvider time, CancellationToken cancellationToken)
    {
        var content = request.Content?.Trim();
        if (string.IsNullOrEmpty(content))
        {
            return ThreadAccess.BadRequest("content is required.");
        }

        if (content.Length > MaxMessageLength)
        {
            return ThreadAccess.BadRequest($"content must be at most {MaxMessageLength} characters.");
        }

        var user = http.Identifier();
        var author = await data.GetThreadAuthorAsync(threadId, cancellationToken);
        if (author is not null && author != user)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"The thread '{threadId}' belongs to another user.");
        }

        string? threadName = null;
        if (author is null)
        {
            // No owner: a new thread, unless it exists without one (written by another app); never claim those.
            if (await data.GetThreadAsync(threadId, cancellationToken) is not null)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: $"The thread '{threadId}' has no owner and cannot be taken over.");
            }

            threadName = ThreadNameFrom(content);
            await data.UpdateThreadAsync(threadId, name: threadName, userId: user, cancellationToken: cancellationToken);
        }

        var sentAt = time.GetUtcNow();
        var userStep = new Step
        {
            Id = Guid.NewGuid().ToString(),
            ThreadId = threadId,
            Type = StepTypes.UserMessage,
            Name = user,
            Output = content,
            CreatedAt = sentAt,
            Start = sentAt,
            End = sentAt,
        };
        await data.CreateStepAsync(userStep, cancellationToken);

        var reply = await assistant.ReplyAsync(content, cancellationToken);
        var repliedAt = time.GetUtcNow();
        var assistantStep = new Step
        {
            Id = Guid.NewGuid().ToString(),
            ThreadId = threadId,
            ParentId = null,
            Type = StepTypes.AssistantMessage,
            Name = EchoAssistant.Name,
            Output = reply,
            CreatedAt = repliedAt > sentAt ? repliedAt : sentAt.AddTicks(10),
            Start = sentAt,
            End = repliedAt,
        };
        await data.CreateStepAsync(assistantStep, cancellationToken);
        return Results.Ok(new SendMessageResponse(threadId, author is null, threadName, userStep, assistantStep));
    }

    /// <summary>
    /// <c>POST /api/threads/{threadId}/elements</c> (multipart: <c>file</c>, optional <c>forId</c>): stores the file
    /// through the storage client and returns the element with its signed URL.
    /// </summary>
    private static async Task<IResult> UploadElementAsync(string threadId, IFormFile file, [FromForm] string? forId, HttpContext http,
        IDataLayer data, IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (services.GetService<IStorageClient>() is null)
        {
            return ThreadAccess.BadRequest(
                "File uploads need a storage: set Storage:AzureBlob:ConnectionString or Storage:S3:Bucket, or run without DynamoDB settings to use the embedded emulators.");
        }

        var max = MaxUploadBytes(configuration);
        if (file.Length == 0)
        {
            return ThreadAccess.BadRequest("The file is empty.");
        }

        if (file.Length > max)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large",
                detail: $"Files may be at most {max} bytes; this one has {file.Length}.");
        }

        if (await ThreadAccess.CheckAsync(data, threadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        var name = FileNameFrom(file.FileName);
        var mime = MimeFrom(file.ContentType, name);
        var element = new Element
        {
            Id = Guid.NewGuid().ToString(),
            ThreadId = threadId,
            ForId = string.IsNullOrWhiteSpace(forId) ? null : forId.Trim(),
            Type = ElementTypeFrom(mime),
            Name = name,
            Mime = mime,
            Display = "inline",
            Size = mime.StartsWith("image/", StringComparison.Ordinal) ? "medium" : null,
        };
        await using var content = file.OpenReadStream();
        var stored = await data.CreateElementAsync(element, content, cancellationToken);
        return Results.Ok(stored);
    }

    /// <summary><c>PUT /api/steps/favorite</c> <c>{threadId, stepId, favorite}</c>: stars or unstars a message.</summary>
    private static async Task<IResult> SetFavoriteAsync(FavoriteRequest request, HttpContext http, IDataLayer data, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ThreadId) || string.IsNullOrEmpty(request.StepId) || request.Favorite is not { } favorite)
        {
            return ThreadAccess.BadRequest("threadId, stepId and favorite are required.");
        }

        if (await ThreadAccess.CheckAsync(data, request.ThreadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        var step = await data.SetStepFavoriteAsync(new Step { Id = request.StepId, ThreadId = request.ThreadId }, favorite, cancellationToken);
        return Results.Ok(step);
    }

    /// <summary>The first six words of the first message, at most 60 characters.</summary>
    internal static string ThreadNameFrom(string content)
    {
        var name = string.Join(' ', content.Split((char[]?)null, 7, StringSplitOptions.RemoveEmptyEntries).Take(6));
        return name.Length <= 60 ? name : string.Concat(name.AsSpan(0, 59).TrimEnd(), "…");
    }

    private static string FileNameFrom(string? fileName)
    {
        var name = new string(Path.GetFileName(fileName ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            return "file";
        }

        return name.Length <= MaxFileNameLength ? name : name[^MaxFileNameLength..];
    }

    private static string MimeFrom(string? contentType, string fileName) =>
        !string.IsNullOrWhiteSpace(contentType) && contentType != "application/octet-stream" ? contentType
        : ContentTypes.TryGetContentType(fileName, out var guessed) ? guessed
        : "application/octet-stream";

    private static string ElementTypeFrom(string mime) => mime switch
    {
        _ when mime.StartsWith("image/", StringComparison.Ordinal) => ElementTypes.Image,
        _ when mime.StartsWith("audio/", StringComparison.Ordinal) => ElementTypes.Audio,
        _ when mime.StartsWith("video/", StringComparison.Ordinal) => ElementTypes.Video,
        "application/pdf" => ElementTypes.Pdf,
        _ => ElementTypes.File,
    };
}
