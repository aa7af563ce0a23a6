using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;
using Chat.DataLayer.DynamoDb.Internal;
using Microsoft.Extensions.Logging;

namespace Chat.DataLayer.DynamoDb.Markers;

/// <summary>
/// The owner's FAVORITE markers (<c>PK=USER#{ownerId}</c>, <c>SK=FAVORITE#{esc threadId}#{esc stepId}</c>,
/// attributes <c>threadId</c>, <c>stepId</c>, <c>createdAt</c>), which list a user's favourite steps with one Query
/// instead of one per thread. Every use is here: put, delete, query and rebuild. The step's <c>metadata.favorite</c>
/// flag is the truth; a marker is written after the flag is set and deleted before it is cleared, and
/// <see cref="ReadFavoriteStepsAsync"/> deletes markers whose step is gone or no longer a favourite (which also
/// covers steps and threads deleted without touching the owner's partition).
/// </summary>
internal sealed class FavoriteMarker(DynamoDbGateway db, TimeProvider time, ILogger logger)
{
    public const string Prefix = "FAVORITE#";

    private const string ThreadIdAttribute = "threadId";
    private const string StepIdAttribute = "stepId";
    private const string CreatedAtAttribute = "createdAt";

    private static readonly string[] OwnerAttributes = [ThreadItems.UserId, TableKeys.PartitionKey];

    /// <summary>
    /// <c>FAVORITE#{esc threadId}#{esc stepId}</c>; when that would pass DynamoDB's 1024-byte sort key limit,
    /// <c>FAVORITE##{sha256}</c> instead (an escaped id never starts with <c>#</c>, so the forms cannot meet).
    /// The marker's attributes hold both ids, so the key only has to be unique.
    /// </summary>
    public static string Sk(string threadId, string stepId)
    {
        var readable = Prefix + TableKeys.Escape(threadId) + "#" + TableKeys.Escape(stepId);
        if (Encoding.UTF8.GetByteCount(readable) <= TableKeys.MaxSortKeyBytes)
        {
            return readable;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(TableKeys.Escape(threadId) + "#" + TableKeys.Escape(stepId)));
        return Prefix + "#" + Convert.ToHexString(hash);
    }

    public static Dictionary<string, AttributeValue> Key(string ownerId, string threadId, string stepId) =>
        TableKeys.Key(UserItems.Pk(ownerId), Sk(threadId, stepId));

    /// <summary>
    /// Sets or clears a step's favourite flag and its owner's marker, in the order that keeps markers a subset of
    /// the truth: the flag then the marker, or the marker then the flag.
    /// </summary>
    /// <exception cref="EntityNotFoundException">The thread or the step does not exist.</exception>
    /// <exception cref="InvalidOperationException">The thread has no owner to keep the favourite for.</exception>
    public async Task<Step> SetAsync(string threadId, string stepId, bool favorite, CancellationToken cancellationToken)
    {
        // The key is read too, so an ownerless thread is told apart from a missing one.
        var thread = await db.GetAsync(ThreadItems.Key(threadId), OwnerAttributes, cancellationToken).ConfigureAwait(false)
            ?? throw new EntityNotFoundException("thread", threadId, null);
        var owner = ItemReader.String(thread, ThreadItems.UserId)
            ?? throw new InvalidOperationException(
                $"Thread '{threadId}' has no owner; give it one with UpdateThreadAsync before marking favourites.");

        if (!favorite)
        {
            await db.DeleteAsync(Key(owner, threadId, stepId), cancellationToken).ConfigureAwait(false);
        }

        var response = await StepItems.FavoriteFlag(threadId, stepId, favorite).SendAsync(db, cancellationToken).ConfigureAwait(false);
        if (favorite)
        {
            await PutAsync(owner, threadId, stepId, cancellationToken).ConfigureAwait(false);
        }

        return StepItems.FromItem(response.Attributes);
    }

    /// <summary>
    /// One Query of the user's markers, one BatchGetItem per 100 of them for the steps, and a batch delete of the
    /// markers whose step is gone or no longer a favourite. Newest step first.
    /// </summary>
    public async Task<IReadOnlyList<Step>> ReadFavoriteStepsAsync(string userId, CancellationToken cancellationToken)
    {
        var markers = await db.QueryPartitionAsync(UserItems.Pk(userId), Prefix, null, cancellationToken).ConfigureAwait(false);
        if (markers.Count == 0)
        {
            return [];
        }

        var stepKeys = markers
            .Select(m => (Marker: m, ThreadId: ItemReader.String(m, ThreadIdAttribute), StepId: ItemReader.String(m, StepIdAttribute)))
            .Where(m => m.ThreadId is not null && m.StepId is not null)
            .ToList();
        var items = await db.BatchGetAsync([.. stepKeys.Select(m => StepItems.Key(m.ThreadId!, m.StepId!))], cancellationToken)
            .ConfigureAwait(false);
        var steps = items.Select(StepItems.FromItem)
            .Where(StepItems.IsFavorite)
            .ToDictionary(s => (s.ThreadId, s.Id));

        var stale = stepKeys.Where(m => !steps.ContainsKey((m.ThreadId!, m.StepId!)))
            .Select(m => TableKeys.KeyOf(m.Marker))
            .ToList();
        if (stale.Count > 0)
        {
            await db.BatchDeleteAsync(stale, cancellationToken).ConfigureAwait(false);
            DynamoDbDataLayer.Log.StaleFavorites(logger, stale.Count);
        }

        return [.. steps.Values.OrderByDescending(s => s.CreatedAt ?? DateTimeOffset.MinValue)];
    }

    /// <summary>Writes the markers of a thread's favourite steps (a rebuild from steps Chainlit's Python layer starred).</summary>
    public async Task RebuildAsync(string ownerId, string threadId, IEnumerable<Step> steps, CancellationToken cancellationToken)
    {
        foreach (var step in steps.Where(StepItems.IsFavorite))
        {
            await PutAsync(ownerId, threadId, step.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task PutAsync(string ownerId, string threadId, string stepId, CancellationToken cancellationToken)
    {
        var marker = Key(ownerId, threadId, stepId);
        marker[ThreadIdAttribute] = new() { S = threadId };
        marker[StepIdAttribute] = new() { S = stepId };
        marker[CreatedAtAttribute] = new() { S = ChainlitTimestamp.Format(time.GetUtcNow()) };
        return db.PutItemAsync(new PutItemRequest { Item = marker }, cancellationToken);
    }
}
