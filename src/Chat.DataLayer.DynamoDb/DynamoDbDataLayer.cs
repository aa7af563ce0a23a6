using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Files;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;
using Chat.DataLayer.DynamoDb.Markers;
using Chat.DataLayer.DynamoDb.Operations;
using Chat.DataLayer.DynamoDb.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.DataLayer.DynamoDb;

/// <summary>
/// <see cref="IDataLayer"/> on one DynamoDB table laid out exactly as Chainlit's Python DynamoDB data layer lays
/// it out, so both can share a table. Thread-safe; meant to be a singleton. See docs/design.md for the layout,
/// the markers it adds and the number of requests each operation sends.
/// </summary>
/// <remarks>
/// Each public method validates its arguments and runs the part that does the work through one operation wrapper
/// (<see cref="RunAsync{T}"/>: span, metrics, log line, disposal check, error outcome). Parts never call back into
/// these methods, so a span and a counted operation are always one call of the caller's.
/// </remarks>
public sealed partial class DynamoDbDataLayer : IDataLayer, IDisposable
{
    private readonly ILogger _logger;
    private readonly UserOperations _users;
    private readonly ThreadOperations _threads;
    private readonly ThreadListing _listing;
    private readonly StepOperations _steps;
    private readonly RatingsMarker _ratings;
    private readonly FavoriteMarker _favorites;
    private readonly MarkerRebuild _rebuild;
    private readonly ElementFiles _elements;
    private readonly HttpClient? _ownedRemoteFileClient;
    private int _disposed;

    /// <summary>Creates the data layer.</summary>
    /// <param name="client">The DynamoDB client; owned by the caller and never disposed by the data layer.</param>
    /// <param name="options">The settings; <see cref="DynamoDbDataLayerOptions.TableName"/> is required.</param>
    /// <param name="storageClient">Where element files go; without one, elements are stored as links only.</param>
    /// <param name="logger">The logger (category <c>Chat.DataLayer.DynamoDb.DynamoDbDataLayer</c>).</param>
    /// <param name="remoteFileClient">
    /// Downloads remote element URLs when <see cref="DynamoDbDataLayerOptions.RemoteFiles"/> allows it; owned by the
    /// caller, and it should not follow redirects. Without one, the data layer creates (and disposes) its own.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public DynamoDbDataLayer(IAmazonDynamoDB client, DynamoDbDataLayerOptions options, IStorageClient? storageClient = null,
        ILogger<DynamoDbDataLayer>? logger = null, HttpClient? remoteFileClient = null)
        : this(client, options, storageClient, logger, remoteFileClient is null ? null : () => remoteFileClient)
    {
    }

    /// <summary>Creates the data layer with a client per download (from <c>IHttpClientFactory</c>, in DI).</summary>
    internal DynamoDbDataLayer(IAmazonDynamoDB client, DynamoDbDataLayerOptions options, IStorageClient? storageClient,
        ILogger<DynamoDbDataLayer>? logger, Func<HttpClient>? remoteFileClients)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        TableName = options.TableName;
        var time = options.TimeProvider;
        var db = new DynamoDbGateway(client, options, _logger);
        _ratings = new RatingsMarker(db);
        _favorites = new FavoriteMarker(db, time, _logger);
        _rebuild = new MarkerRebuild(db, _ratings, _favorites);
        if (remoteFileClients is null && options.RemoteFiles.Enabled)
        {
            _ownedRemoteFileClient = RemoteFileFetcher.CreateDefaultClient();
        }

        var ownClient = _ownedRemoteFileClient;
        var fetcher = new RemoteFileFetcher(options.RemoteFiles,
            remoteFileClients ?? (() => ownClient ?? throw new InvalidOperationException("Remote file downloads are off.")));
        _elements = new ElementFiles(db, storageClient, fetcher, _logger);
        _users = new UserOperations(db, time);
        _threads = new ThreadOperations(db, _elements, time);
        _listing = new ThreadListing(db, _ratings, options.MaxPageSize);
        _steps = new StepOperations(db, _ratings, time, _logger);
    }

    /// <summary>The table this data layer reads and writes.</summary>
    public string TableName { get; }

    /// <inheritdoc />
    /// <remarks>One GetItem.</remarks>
    public Task<PersistedUser?> GetUserAsync(string identifier, CancellationToken cancellationToken = default) =>
        RunAsync("GetUser", null, null, identifier, () =>
        {
            TableKeys.ValidateId(identifier, nameof(identifier), TableKeys.MaxPartitionKeyBytes);
            return _users.GetAsync(identifier, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// One UpdateItem: <c>id</c> and <c>createdAt</c> are written only if absent (a login never resets them);
    /// display name and metadata are replaced.
    /// </remarks>
    public Task<PersistedUser> CreateUserAsync(User user, CancellationToken cancellationToken = default) =>
        RunAsync("CreateUser", null, null, user?.Identifier, () =>
        {
            ArgumentNullException.ThrowIfNull(user);
            TableKeys.ValidateId(user.Identifier, nameof(user), TableKeys.MaxPartitionKeyBytes);
            return _users.CreateAsync(user, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>One GetItem.</remarks>
    public Task<string?> GetThreadAuthorAsync(string threadId, CancellationToken cancellationToken = default) =>
        RunAsync("GetThreadAuthor", threadId, null, null, () =>
        {
            TableKeys.ValidateId(threadId, nameof(threadId));
            return _threads.GetOwnerAsync(threadId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>One Query per 1 MB of the thread's items; element URLs are signed locally (no storage request).</remarks>
    public Task<ChatThread?> GetThreadAsync(string threadId, CancellationToken cancellationToken = default) =>
        RunAsync("GetThread", threadId, null, null, () =>
        {
            TableKeys.ValidateId(threadId, nameof(threadId));
            return _threads.GetAsync(threadId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// One UpdateItem (two the first time metadata is merged into a thread that has no metadata map).
    /// <c>createdAt</c> is written only when absent; the last-activity key moves to now.
    /// </remarks>
    public Task UpdateThreadAsync(string threadId, string? name = null, string? userId = null, JsonObject? metadata = null,
        IReadOnlyList<string>? tags = null, CancellationToken cancellationToken = default) =>
        RunAsync("UpdateThread", threadId, null, userId, () =>
        {
            TableKeys.ValidateId(threadId, nameof(threadId));
            if (userId is not null)
            {
                TableKeys.ValidateId(userId, nameof(userId), TableKeys.MaxPartitionKeyBytes);
            }

            if (tags is not null && tags.Any(t => t is null))
            {
                throw new ArgumentException("A tag is null.", nameof(tags));
            }

            Utf16Text.Ensure(name, nameof(name), "The thread name");
            foreach (var tag in tags ?? [])
            {
                Utf16Text.Ensure(tag, nameof(tags), "A tag");
            }

            return _threads.UpdateAsync(threadId, name, userId, metadata, tags, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// The thread's query pages, one storage batch delete for its element files, ceil(other items/25)
    /// BatchWriteItems for every item but the thread record, then one DeleteItem for the thread record, sent only
    /// once all the others are confirmed gone: while anything of the thread remains, the thread is still listed and
    /// a retry finishes the job. A storage failure stops before any item is deleted.
    /// </remarks>
    public Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default) =>
        RunAsync("DeleteThread", threadId, null, null, () =>
        {
            TableKeys.ValidateId(threadId, nameof(threadId));
            return _threads.DeleteAsync(threadId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// Without a filter: one Query of the <c>UserThread</c> index per page (it reads one entry more than the page
    /// to know whether another page follows). With a search: Queries that read growing runs of entries and match
    /// the name case-insensitively until the page is full. With a feedback filter: besides, one BatchGetItem per
    /// 100 candidate threads, reading each thread's RATINGS marker. No scan in any case.
    /// </remarks>
    public Task<PaginatedResponse<ChatThread>> ListThreadsAsync(Pagination pagination, ThreadFilter filter,
        CancellationToken cancellationToken = default) =>
        RunAsync("ListThreads", null, null, filter?.UserId, () =>
        {
            Arguments.List(pagination, filter!);
            return _listing.ListAsync(pagination, filter!, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// Two UpdateItems, one after the other: the step (an upsert that never overwrites with null or empty
    /// input/output), then the thread (created if missing; moved to the top of its owner's list for user and assistant
    /// messages). The thread is touched only once the step is stored, so a step the service refuses (e.g. a stored step
    /// the update would push past 400 KB: <see cref="ItemTooLargeException"/>) leaves no trace.
    /// </remarks>
    public Task CreateStepAsync(Step step, CancellationToken cancellationToken = default) =>
        RunAsync("CreateStep", step?.ThreadId, step?.Id, null, () =>
        {
            Arguments.Step(step!);
            return _steps.CreateAsync(step!, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// One UpdateItem (two when the stored step has no metadata map yet). An update that arrives before its
    /// create writes a complete step (id, thread id, creation time), never a half item.
    /// </remarks>
    public Task UpdateStepAsync(Step step, CancellationToken cancellationToken = default) =>
        RunAsync("UpdateStep", step?.ThreadId, step?.Id, null, () =>
        {
            Arguments.Step(step!);
            return _steps.UpdateAsync(step!, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// One DeleteItem; a second request clears the thread's feedback marker when the step carried feedback (or was
    /// already gone, to repair an earlier delete that stopped half-way). Favourite markers are cleaned lazily by
    /// <see cref="GetFavoriteStepsAsync"/>.
    /// </remarks>
    public Task DeleteStepAsync(string threadId, string stepId, CancellationToken cancellationToken = default) =>
        RunAsync("DeleteStep", threadId, stepId, null, () =>
        {
            TableKeys.ValidateId(threadId, nameof(threadId));
            TableKeys.ValidateId(stepId, nameof(stepId));
            return _steps.DeleteAsync(threadId, stepId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// Two UpdateItems, in this order: the step's <c>feedback</c> map (only if the step exists: no phantom step),
    /// then the thread's RATINGS marker that the feedback filter of <see cref="ListThreadsAsync"/> reads. Both are
    /// idempotent, so retrying after a failure between them repairs the marker.
    /// </remarks>
    public Task<string> UpsertFeedbackAsync(Feedback feedback, CancellationToken cancellationToken = default) =>
        RunAsync("UpsertFeedback", feedback?.ThreadId, feedback?.ForId, null, () =>
        {
            Arguments.Feedback(feedback!);
            return _ratings.RateAsync(feedback!, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// Two UpdateItems, marker first: if the second fails the step still shows its feedback and a retry removes
    /// both. Neither creates an item. <see langword="true"/> whenever the step exists (also when it had no
    /// feedback), so a retry after a lost response answers as the call that removed the feedback.
    /// </remarks>
    public Task<bool> DeleteFeedbackAsync(string feedbackId, CancellationToken cancellationToken = default) =>
        RunAsync("DeleteFeedback", null, feedbackId, null, () =>
        {
            var (threadId, stepId) = FeedbackId.Parse(feedbackId);
            TableKeys.ValidateId(threadId, nameof(feedbackId));
            TableKeys.ValidateId(stepId, nameof(feedbackId));
            return _ratings.UnrateAsync(threadId, stepId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// One Query of the user's FAVORITE markers, then one BatchGetItem per 100 favourites: the cost does not grow
    /// with the number of threads. Markers whose step is gone or no longer a favourite are deleted on the way.
    /// Favourites set by Chainlit's Python layer (only <c>metadata.favorite</c>, no marker) appear after
    /// <see cref="RebuildUserMarkersAsync"/>.
    /// </remarks>
    public Task<IReadOnlyList<Step>> GetFavoriteStepsAsync(string userId, CancellationToken cancellationToken = default) =>
        RunAsync("GetFavoriteSteps", null, null, userId, () =>
        {
            TableKeys.ValidateId(userId, nameof(userId), TableKeys.MaxPartitionKeyBytes);
            return _favorites.ReadFavoriteStepsAsync(userId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// A GetItem for the thread's owner, an UpdateItem of the step's <c>metadata.favorite</c> (only if the step
    /// exists), and a PutItem or DeleteItem of the owner's FAVORITE marker: the marker is written after the flag and
    /// removed before it, so a marker never points at a step that is not a favourite for long.
    /// </remarks>
    /// <exception cref="EntityNotFoundException">The thread or the step does not exist.</exception>
    /// <exception cref="InvalidOperationException">The thread has no owner to keep the favourite for.</exception>
    public Task<Step> SetStepFavoriteAsync(Step step, bool favorite, CancellationToken cancellationToken = default) =>
        RunAsync("SetStepFavorite", step?.ThreadId, step?.Id, null, () =>
        {
            Arguments.Step(step!);
            return _favorites.SetAsync(step!.ThreadId, step.Id, favorite, cancellationToken);
        });

    /// <summary>
    /// Rebuilds the markers this layer adds to Chainlit's layout (a thread's RATINGS item for the feedback filter,
    /// the owner's FAVORITE items for <see cref="GetFavoriteStepsAsync"/>) from the steps of every thread a user
    /// owns. Chainlit's Python layer does not write markers, so run this once per user when adopting a table it
    /// wrote, or after Python code has rated or starred steps. Idempotent; costs one index Query per page, one
    /// Query per thread and one write per marker.
    /// </summary>
    /// <param name="userId">The user whose threads to scan.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many threads were scanned.</returns>
    public Task<int> RebuildUserMarkersAsync(string userId, CancellationToken cancellationToken = default) =>
        RunAsync("RebuildUserMarkers", null, null, userId, () =>
        {
            TableKeys.ValidateId(userId, nameof(userId), TableKeys.MaxPartitionKeyBytes);
            return _rebuild.RebuildAsync(userId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// With content (or a local <see cref="Element.Path"/>): a GetItem for the thread's owner, the upload to the
    /// storage client, then a PutItem; if the PutItem fails the uploaded file is deleted again. Without content:
    /// one PutItem that stores the element as a link (<see cref="Element.Url"/>) or as an object stored elsewhere.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Content is given but no storage client is configured.</exception>
    public Task<Element> CreateElementAsync(Element element, Stream? content = null, CancellationToken cancellationToken = default) =>
        RunAsync("CreateElement", element?.ThreadId, element?.Id, null, () =>
        {
            Arguments.Element(element!);
            return _elements.CreateAsync(element!, content, _threads.GetOwnerAsync, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>One GetItem; the URL of a stored file is signed afresh, locally.</remarks>
    public Task<Element?> GetElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default) =>
        RunAsync("GetElement", threadId, elementId, null, () =>
        {
            TableKeys.ValidateId(threadId, nameof(threadId));
            TableKeys.ValidateId(elementId, nameof(elementId));
            return _elements.GetAsync(threadId, elementId, cancellationToken);
        });

    /// <inheritdoc />
    /// <remarks>
    /// A GetItem for the object key, the storage delete, then the DeleteItem: the file goes first so that a
    /// failure leaves the element (and its reference to the file) in place for a retry.
    /// </remarks>
    public Task DeleteElementAsync(string threadId, string elementId, CancellationToken cancellationToken = default) =>
        RunAsync("DeleteElement", threadId, elementId, null, () =>
        {
            TableKeys.ValidateId(threadId, nameof(threadId));
            TableKeys.ValidateId(elementId, nameof(elementId));
            return _elements.DeleteAsync(threadId, elementId, cancellationToken);
        });

    /// <inheritdoc />
    public Task<string> BuildDebugUrlAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return Task.FromResult("");
    }

    /// <summary>
    /// Marks the data layer disposed. The DynamoDB and storage clients belong to the caller and stay open; a download
    /// client the data layer created itself is disposed.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Disposes the data layer, as <see cref="DisposeAsync"/> does (for containers disposed synchronously).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _ownedRemoteFileClient?.Dispose();
        }
    }

    /// <summary>
    /// The operation wrapper: one span and one counted operation per public call, a Debug line with the ids, the
    /// disposal check, and the error outcome for any failure (argument errors included). <paramref name="work"/>
    /// validates, then starts the part that does the work. A user identifier is personal data: it goes only to a
    /// Trace line, never to span tags or Debug.
    /// </summary>
    private async Task<T> RunAsync<T>(string operation, string? threadId, string? entityId, string? userId, Func<Task<T>> work)
    {
        using var scope = DataLayerTelemetry.StartOperation(operation, threadId, entityId);
        try
        {
            ThrowIfDisposed();
            Log.Operation(_logger, operation, threadId, entityId);
            if (userId is not null)
            {
                Log.OperationUser(_logger, operation, userId);
            }

            return await work().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private Task RunAsync(string operation, string? threadId, string? entityId, string? userId, Func<Task> work) =>
        RunAsync(operation, threadId, entityId, userId, async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        });

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
