using Chat.DataLayer;
using Chat.DataLayer.AI;
using ChatApp.Hosting;
using Microsoft.Extensions.AI;

namespace ChatApp.Api;

/// <summary>The app's own endpoints: login, sending a message, uploading a file, favourites, settings.</summary>
internal static class ChatEndpoints
{
    public const int MaxMessageLength = 10_000;

    private const string NoStorageMessage =
        "File uploads need a storage: set Storage:AzureBlob:ConnectionString or Storage:S3:Bucket, or run without DynamoDB settings to use the embedded emulators.";

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
            Results.Ok(new AppSettingsResponse(services.GetService<IStorageClient>() is not null, Uploads.MaxUploadBytes(configuration), plan.Describe())));
        api.MapPost("/threads/{threadId}/messages", SendMessageAsync)
            // JSON or a multipart form: the Strict SameSite login cookie is the sample's CSRF protection (see CurrentUser).
            .DisableAntiforgery();
        api.MapPost("/threads/{threadId}/elements", UploadElementAsync)
            // A multipart form: the Strict SameSite login cookie is the sample's CSRF protection (see CurrentUser).
            .DisableAntiforgery();
        api.MapPut("/steps/favorite", SetFavoriteAsync);
        api.MapGet("/favorites", GetFavoritesAsync);
        api.MapGet("/threads/{threadId}/elements/{elementId}/content",
            (string threadId, string elementId, HttpContext http, IDataLayer data, ElementContent files, CancellationToken cancellationToken) =>
                files.GetAsync(http, data, threadId, elementId, cancellationToken));
    }

    /// <summary>
    /// <c>GET /api/favorites</c>: the user's starred steps, newest first, each with <c>threadName</c>, the name of the
    /// thread it comes from.
    /// </summary>
    private static async Task<IResult> GetFavoritesAsync(HttpContext http, IDataLayer data,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var user = http.Identifier();
        var steps = await data.GetFavoriteStepsAsync(user, cancellationToken);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var threadId in steps.Select(step => step.ThreadId).Distinct(StringComparer.Ordinal))
        {
            // One read per thread that has favourites; only the user's own threads are named.
            var thread = await data.GetThreadAsync(threadId, cancellationToken);
            names[threadId] = thread?.UserIdentifier == user || thread?.UserId == user ? thread.Name : null;
        }

        var items = steps.Select(step =>
        {
            var node = System.Text.Json.JsonSerializer.SerializeToNode(step, json.Value.SerializerOptions)!.AsObject();
            node["threadName"] = names.GetValueOrDefault(step.ThreadId);
            return node;
        });
        return Results.Ok(items.ToList());
    }

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
    /// <c>POST /api/threads/{threadId}/messages</c>, JSON <c>{content}</c> or multipart (<c>content</c>, optional
    /// <c>file</c>): everything is checked first (the thread id, the text, the file's size, who owns the thread); then the
    /// first message creates the thread (named after its first words, owned by the user), then the user's step, the
    /// file as an element of that step, and the assistant's reply (an agent run on the thread, see <see cref="Assistant"/>).
    /// A refused file leaves nothing behind. With <c>Accept: text/event-stream</c> the answer is a stream of events
    /// (<see cref="AssistantEvents"/>); otherwise JSON once the reply is complete.
    /// </summary>
    private static async Task<IResult> SendMessageAsync(string threadId, HttpContext http, IDataLayer data, IServiceProvider services,
        IConfiguration configuration, Assistant assistant, ElementContent files, TimeProvider time, CancellationToken cancellationToken)
    {
        if (ThreadAccess.CheckThreadId(threadId) is { } badId)
        {
            return badId;
        }

        string? text;
        IFormFile? file = null;
        if (http.Request.HasFormContentType)
        {
            var max = Uploads.MaxUploadBytes(configuration);
            var (form, problem) = await Uploads.ReadFormAsync(http, max, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            text = form!["content"].ToString();
            file = form.Files.GetFile("file");
            if (file is not null)
            {
                if (Uploads.Check(http, file, max) is { } refused)
                {
                    return refused;
                }

                if (services.GetService<IStorageClient>() is null)
                {
                    return ThreadAccess.BadRequest(NoStorageMessage);
                }
            }
        }
        else if (http.Request.HasJsonContentType())
        {
            SendMessageRequest? request;
            try
            {
                request = await http.Request.ReadFromJsonAsync<SendMessageRequest>(cancellationToken);
            }
            catch (System.Text.Json.JsonException)
            {
                return ThreadAccess.BadRequest("The body must be JSON: {\"content\": \"...\"}.");
            }

            text = request?.Content;
        }
        else
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send JSON {\"content\": \"...\"} or a multipart form with content and file.");
        }

        var content = text?.Trim();
        if (string.IsNullOrEmpty(content))
        {
            if (file is null)
            {
                return ThreadAccess.BadRequest("content is required.");
            }

            content = $"Sent a file: {Uploads.FileNameFrom(file.FileName)}";
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
        // Stored as a ChatMessage (the AI package's mapping, under the step's id), so the agent, which reads the thread
        // as its history and stores what it was given, knows the message is stored. A step written directly is
        // rewritten when the agent hands it back, and its file would gain a second, link element.
        await data.AddChatMessagesAsync(threadId,
            [new ChatMessage(ChatRole.User, content) { MessageId = userStep.Id, AuthorName = user, CreatedAt = sentAt }],
            cancellationToken);

        List<Element> elements = [];
        if (file is not null)
        {
            try
            {
                elements.Add(files.Rewrite(await StoreFileAsync(data, threadId, userStep.Id, file, cancellationToken)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store refused the bytes: take the message back, so no message claims a file that is not there.
                await (author is null
                    ? data.DeleteThreadAsync(threadId, CancellationToken.None)
                    : data.DeleteStepAsync(threadId, userStep.Id, CancellationToken.None));
                throw;
            }
        }

        if (AssistantEvents.IsRequested(http))
        {
            // The page's way: Server-Sent Events, the reply as it is written (see AssistantEvents).
            var start = new SendMessageStart(threadId, author is null, threadName, userStep, elements);
            await AssistantEvents.StreamAsync(http, start, assistant.RunAsync(threadId, user, cancellationToken), cancellationToken);
            return Results.Empty;
        }

        // JSON: the whole exchange at once, the reply read back from the thread as the agent stored it.
        await foreach (var _ in assistant.RunAsync(threadId, user, cancellationToken))
        {
        }

        var stored = await data.GetThreadAsync(threadId, cancellationToken);
        var assistantStep = stored?.Steps.Where(s => s.Type == StepTypes.AssistantMessage && !string.IsNullOrEmpty(s.Output))
                .MaxBy(s => s.CreatedAt)
            ?? throw new InvalidOperationException("The assistant stored no reply.");
        return Results.Ok(new SendMessageResponse(threadId, author is null, threadName, userStep, assistantStep, elements));
    }

    /// <summary>
    /// <c>POST /api/threads/{threadId}/elements</c> (multipart: <c>file</c>, optional <c>forId</c>): attaches a file to
    /// an existing thread through the storage client and returns the element with its URL.
    /// </summary>
    private static async Task<IResult> UploadElementAsync(string threadId, HttpContext http, IDataLayer data, IServiceProvider services,
        IConfiguration configuration, ElementContent files, CancellationToken cancellationToken)
    {
        if (ThreadAccess.CheckThreadId(threadId) is { } badId)
        {
            return badId;
        }

        if (services.GetService<IStorageClient>() is null)
        {
            return ThreadAccess.BadRequest(NoStorageMessage);
        }

        if (!http.Request.HasFormContentType)
        {
            return ThreadAccess.BadRequest("Send a multipart form with a file field.");
        }

        var max = Uploads.MaxUploadBytes(configuration);
        var (form, problem) = await Uploads.ReadFormAsync(http, max, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (form!.Files.GetFile("file") is not { } file)
        {
            return ThreadAccess.BadRequest("file is required.");
        }

        if (Uploads.Check(http, file, max) is { } refused)
        {
            return refused;
        }

        if (await ThreadAccess.CheckAsync(data, threadId, http.Identifier(), cancellationToken) is { } denied)
        {
            return denied;
        }

        var forId = form["forId"].ToString();
        var stored = await StoreFileAsync(data, threadId, string.IsNullOrWhiteSpace(forId) ? null : forId.Trim(), file, cancellationToken);
        return Results.Ok(files.Rewrite(stored));
    }

    private static async Task<Element> StoreFileAsync(IDataLayer data, string threadId, string? forId, IFormFile file,
        CancellationToken cancellationToken)
    {
        var name = Uploads.FileNameFrom(file.FileName);
        var mime = Uploads.MimeFrom(file.ContentType, name);
        var element = new Element
        {
            Id = Guid.NewGuid().ToString(),
            ThreadId = threadId,
            ForId = forId,
            Type = ElementTypeFrom(mime),
            Name = name,
            Mime = mime,
            Display = "inline",
            Size = mime.StartsWith("image/", StringComparison.Ordinal) ? "medium" : null,
        };
        await using var content = file.OpenReadStream();
        return await data.CreateElementAsync(element, content, cancellationToken);
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

    private static string ElementTypeFrom(string mime) => mime switch
    {
        _ when mime.StartsWith("image/", StringComparison.Ordinal) => ElementTypes.Image,
        _ when mime.StartsWith("audio/", StringComparison.Ordinal) => ElementTypes.Audio,
        _ when mime.StartsWith("video/", StringComparison.Ordinal) => ElementTypes.Video,
        "application/pdf" => ElementTypes.Pdf,
        _ => ElementTypes.File,
    };
}
