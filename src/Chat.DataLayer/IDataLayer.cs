using System.Text.Json.Nodes;

namespace Chat.DataLayer;

/// <summary>
/// Durable conversation history for a chat application: users, threads, steps, elements and feedback.
/// Implementations are thread-safe and meant to be used as singletons.
/// </summary>
public interface IDataLayer : IAsyncDisposable
{
    /// <summary>Reads a user by its identifier; <see langword="null"/> when no such user exists.</summary>
    /// <param name="identifier">The user's identifier (for example a login name or e-mail address).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PersistedUser?> GetUserAsync(string identifier, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a user, or updates the display name and metadata of an existing one while keeping its
    /// <see cref="PersistedUser.Id"/> and <see cref="PersistedUser.CreatedAt"/>.
    /// </summary>
    /// <param name="user">The user to create or update.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PersistedUser> CreateUserAsync(User user, CancellationToken cancellationToken = default);

    /// <summary>Stores the feedback on its step, replacing earlier feedback on that step, and returns the feedback id.</summary>
    /// <param name="feedback">The feedback; <see cref="Feedback.ThreadId"/> and <see cref="Feedback.ForId"/> are required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="EntityNotFoundException">The step does not exist.</exception>
    Task<string> UpsertFeedbackAsync(Feedback feedback, CancellationToken cancellationToken = default);

    /// <summary>Removes feedback by the id <see cref="UpsertFeedbackAsync"/> returned.</summary>
    /// <param name="feedbackId">The feedback id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see langword="true"/> when the step the feedback belongs to exists, which after the call means it carries no
    /// feedback (removed by this call, by an earlier one, or never given); <see langword="false"/> when the step does
    /// not exist. The answer describes the state, not which call removed the feedback, so a call retried after its
    /// response was lost answers the same as the first.
    /// </returns>
    Task<bool> DeleteFeedbackAsync(string feedbackId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an element. With <paramref name="content"/> the bytes go to the configured <see cref="IStorageClient"/>
    /// first, then the element record is written.
    /// </summary>
    /// <param name="element">The element.</param>
    /// <param name="content">The file's bytes, or <see langword="null"/> for a link or an object stored elsewhere.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The element as stored, with its object key and read URL.</returns>
    Task<Element> CreateElementAsync(Element element, Stream? content = null, CancellationToken cancellationToken = default);

    /// <summary>Reads an element of a thread; <see langword="null"/> when it does not exist.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="elementId">The element id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Element?> GetElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default);

    /// <summary>Deletes an element of a thread (and its stored file); deleting a missing element is not an error.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="elementId">The element id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or completes a step. Idempotent, and safe to receive after an update of the same step:
    /// members that are <see langword="null"/> (and empty input or output) never overwrite stored values.
    /// Creates the thread record when the thread does not exist yet.
    /// </summary>
    /// <param name="step">The step.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task CreateStepAsync(Step step, CancellationToken cancellationToken = default);

    /// <summary>Updates the non-null members of a step (an idempotent upsert, like <see cref="CreateStepAsync"/>).</summary>
    /// <param name="step">The step.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task UpdateStepAsync(Step step, CancellationToken cancellationToken = default);

    /// <summary>Deletes a step of the given thread; deleting a missing step is not an error.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="stepId">The step id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteStepAsync(string threadId, string stepId, CancellationToken cancellationToken = default);

    /// <summary>Returns the identifier of the thread's owner, or <see langword="null"/> for an unknown or unowned thread.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string?> GetThreadAuthorAsync(string threadId, CancellationToken cancellationToken = default);

    /// <summary>Reads a thread with its steps (ordered by creation time) and elements; <see langword="null"/> when unknown.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ChatThread?> GetThreadAsync(string threadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or updates a thread. Only the arguments that are not <see langword="null"/> change; metadata merges
    /// key by key and a key set to JSON null is removed. Moves the thread to the top of its owner's list.
    /// </summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="name">A new name, or <see langword="null"/> to keep the current one.</param>
    /// <param name="userId">The owner's id, or <see langword="null"/> to keep the current one.</param>
    /// <param name="metadata">Metadata keys to set (JSON null removes a key), or <see langword="null"/>.</param>
    /// <param name="tags">New tags, or <see langword="null"/> to keep the current ones.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task UpdateThreadAsync(string threadId, string? name = null, string? userId = null,
        JsonObject? metadata = null, IReadOnlyList<string>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a thread with all its steps, elements and element files. Safe to call twice.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default);

    /// <summary>Lists a user's threads, most recent activity first, one page at a time.</summary>
    /// <param name="pagination">Page size and the cursor of the previous page.</param>
    /// <param name="filter">The owner (required) and optional search and feedback filters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The cursor is malformed or was made for another user or filter.</exception>
    Task<PaginatedResponse<ChatThread>> ListThreadsAsync(Pagination pagination, ThreadFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Returns the steps a user marked as favourite, newest first.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Step>> GetFavoriteStepsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Marks or unmarks a step as favourite (<c>metadata.favorite</c>) and returns the step as stored.</summary>
    /// <param name="step">The step (its <see cref="Step.Id"/> and <see cref="Step.ThreadId"/> are used).</param>
    /// <param name="favorite">Whether the step is a favourite.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Step> SetStepFavoriteAsync(Step step, bool favorite, CancellationToken cancellationToken = default);

    /// <summary>Returns a URL for debugging the data layer's store, or an empty string when there is none.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string> BuildDebugUrlAsync(CancellationToken cancellationToken = default);
}
