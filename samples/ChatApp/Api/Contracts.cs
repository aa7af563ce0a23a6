using Chat.DataLayer;

namespace ChatApp.Api;

// Request and response bodies. The /project/* shapes are Chainlit's (camelCase JSON).

internal sealed record LoginRequest(string? Name);

internal sealed record UserResponse(string Identifier, string? DisplayName);

internal sealed record AppSettingsResponse(bool UploadsEnabled, long MaxUploadBytes, string Backends);

/// <summary>Chainlit's <c>GetThreadsRequest</c>: <c>{pagination: {first, cursor}, filter: {search, feedback}}</c>.</summary>
internal sealed record ListThreadsRequest(PaginationRequest? Pagination, ThreadFilterRequest? Filter);

internal sealed record PaginationRequest(int? First, string? Cursor);

/// <summary>A <c>userId</c> sent by the client is ignored: the list is always the logged-in user's.</summary>
internal sealed record ThreadFilterRequest(string? Search, int? Feedback, string? UserId);

internal sealed record DeleteThreadRequest(string? ThreadId);

internal sealed record RenameThreadRequest(string? ThreadId, string? Name);

/// <summary>Chainlit's <c>UpdateFeedbackRequest</c>: <c>{feedback: {forId, threadId, value, comment}}</c>.</summary>
internal sealed record UpdateFeedbackRequest(FeedbackInput? Feedback);

internal sealed record FeedbackInput(string? ForId, string? ThreadId, int? Value, string? Comment);

internal sealed record DeleteFeedbackRequest(string? FeedbackId);

internal sealed record SuccessResponse(bool Success);

internal sealed record FeedbackResponse(bool Success, string FeedbackId);

internal sealed record SendMessageRequest(string? Content);

internal sealed record SendMessageResponse(string ThreadId, bool IsNewThread, string? ThreadName, Step UserStep, Step AssistantStep,
    IReadOnlyList<Element> Elements);

/// <summary>The first Server-Sent Event of a sent message (<c>event: message</c>): what was stored before the assistant runs.</summary>
internal sealed record SendMessageStart(string ThreadId, bool IsNewThread, string? ThreadName, Step UserStep, IReadOnlyList<Element> Elements);

internal sealed record FavoriteRequest(string? ThreadId, string? StepId, bool? Favorite);
