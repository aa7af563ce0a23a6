using System.Text.Json.Nodes;

namespace Chat.DataLayer.AI.Tests;

/// <summary>Passes every call to a real data layer and counts step updates (not a stand-in for the store).</summary>
internal sealed class CountingDataLayer(IDataLayer inner) : IDataLayer
{
    private int _updateStepCalls;
    private int _createStepCalls;

    public int UpdateStepCalls => _updateStepCalls;

    public int CreateStepCalls => _createStepCalls;

    /// <summary>The 1-based CreateStepAsync call that fails (before reaching the store), or 0 for none.</summary>
    public int FailCreateStepCall { get; set; }

    public Task UpdateStepAsync(Step step, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _updateStepCalls);
        return inner.UpdateStepAsync(step, cancellationToken);
    }

    public Task CreateStepAsync(Step step, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _createStepCalls) == FailCreateStepCall)
        {
            throw new HttpRequestException("injected failure");
        }

        return inner.CreateStepAsync(step, cancellationToken);
    }

    public Task<PersistedUser?> GetUserAsync(string identifier, CancellationToken cancellationToken = default) => inner.GetUserAsync(identifier, cancellationToken);

    public Task<PersistedUser> CreateUserAsync(User user, CancellationToken cancellationToken = default) => inner.CreateUserAsync(user, cancellationToken);

    public Task<string> UpsertFeedbackAsync(Feedback feedback, CancellationToken cancellationToken = default) => inner.UpsertFeedbackAsync(feedback, cancellationToken);

    public Task<bool> DeleteFeedbackAsync(string feedbackId, CancellationToken cancellationToken = default) => inner.DeleteFeedbackAsync(feedbackId, cancellationToken);

    public Task<Element> CreateElementAsync(Element element, Stream? content = null, CancellationToken cancellationToken = default) =>
        inner.CreateElementAsync(element, content, cancellationToken);

    public Task<Element?> GetElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default) =>
        inner.GetElementAsync(threadId, elementId, cancellationToken);

    public Task DeleteElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default) =>
        inner.DeleteElementAsync(threadId, elementId, cancellationToken);

    public Task DeleteStepAsync(string threadId, string stepId, CancellationToken cancellationToken = default) => inner.DeleteStepAsync(threadId, stepId, cancellationToken);

    public Task<string?> GetThreadAuthorAsync(string threadId, CancellationToken cancellationToken = default) => inner.GetThreadAuthorAsync(threadId, cancellationToken);

    public Task<ChatThread?> GetThreadAsync(string threadId, CancellationToken cancellationToken = default) => inner.GetThreadAsync(threadId, cancellationToken);

    public Task UpdateThreadAsync(string threadId, string? name = null, string? userId = null, JsonObject? metadata = null,
        IReadOnlyList<string>? tags = null, CancellationToken cancellationToken = default) =>
        inner.UpdateThreadAsync(threadId, name, userId, metadata, tags, cancellationToken);

    public Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default) => inner.DeleteThreadAsync(threadId, cancellationToken);

    public Task<PaginatedResponse<ChatThread>> ListThreadsAsync(Pagination pagination, ThreadFilter filter, CancellationToken cancellationToken = default) =>
        inner.ListThreadsAsync(pagination, filter, cancellationToken);

    public Task<IReadOnlyList<Step>> GetFavoriteStepsAsync(string userId, CancellationToken cancellationToken = default) => inner.GetFavoriteStepsAsync(userId, cancellationToken);

    public Task<Step> SetStepFavoriteAsync(Step step, bool favorite, CancellationToken cancellationToken = default) => inner.SetStepFavoriteAsync(step, favorite, cancellationToken);

    public Task<string> BuildDebugUrlAsync(CancellationToken cancellationToken = default) => inner.BuildDebugUrlAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
