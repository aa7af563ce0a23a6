using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <summary>How many index entries a filtered list reads in its first request; later requests read more.</summary>
    private const int FilteredReadGrowth = 4;
    private const int FilteredReadMax = 1000;

    /// <inheritdoc />
    /// <remarks>
    /// Without a filter: one Query of the <c>UserThread</c> index per page (it reads one entry more than the page
    /// to know whether another page follows). With a search: Queries that read growing runs of entries and match
    /// the name case-insensitively until the page is full. With a feedback filter: besides, one BatchGetItem per
    /// 100 candidate threads, reading each thread's RATINGS marker. No scan in any case.
    /// </remarks>
    public async Task<PaginatedResponse<ChatThread>> ListThreadsAsync(Pagination pagination, ThreadFilter filter,
        CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("ListThreads", null, filter?.UserId);
        try
        {
            return await ListThreadsCoreAsync(pagination, filter!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<PaginatedResponse<ChatThread>> ListThreadsCoreAsync(Pagination pagination, ThreadFilter filter,
        CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(pagination);
        ArgumentNullException.ThrowIfNull(filter);
        if (pagination.First < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(pagination), pagination.First, "Pagination.First must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(filter.UserId))
        {
            throw new ArgumentException(
                "ThreadFilter.UserId is required: threads are listed per user (listing every user's threads would need a table scan).",
                nameof(filter));
        }

        if (filter.Feedback is not (null or 0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(filter), filter.Feedback, "ThreadFilter.Feedback must be 0, 1 or null.");
        }

        Log.Operation(_logger, "ListThreads", null, filter.UserId);
        var userId = filter.UserId;
        var pageSize = Math.Min(pagination.First, _options.MaxPageSize);
        var search = string.IsNullOrEmpty(filter.Search) ? null : filter.Search;
        var filtered = search is not null || filter.Feedback is not null;

        Dictionary<string, AttributeValue>? startKey = null;
        if (pagination.Cursor is not null)
        {
            var cursor = ThreadCursor.Decode(pagination.Cursor, filter, nameof(pagination));
            startKey = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [TableKeys.UserThreadPartitionKey] = S(TableKeys.UserPk(userId)),
                [TableKeys.UserThreadSortKey] = S(cursor.ActivityKey),
                [TableKeys.PartitionKey] = S(cursor.ThreadPk),
                [TableKeys.SortKey] = S(TableKeys.ThreadSortKey),
            };
        }

        var matches = new List<Dictionary<string, AttributeValue>>(pageSize + 1);
        var limit = filtered ? Math.Min(FilteredReadMax, (pageSize + 1) * FilteredReadGrowth) : pageSize + 1;
        do
        {
            var response = await _db.QueryAsync(new QueryRequest
            {
                TableName = _table,
                IndexName = DynamoDbTableSchema.UserThreadIndexName,
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = TableKeys.UserThreadPartitionKey },
                ExpressionAttributeValues = new() { [":pk"] = S(TableKeys.UserPk(userId)) },
                ScanIndexForward = false,
                Limit = limit,
                ExclusiveStartKey = startKey,
            }, cancellationToken).ConfigureAwait(false);

            var candidates = (response.Items ?? [])
                .Where(i => search is null || (ItemReader.String(i, "name") ?? "").Contains(search, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (filter.Feedback is { } rating)
            {
                candidates = await KeepRatedAsync(candidates, rating, pageSize + 1 - matches.Count, cancellationToken).ConfigureAwait(false);
            }

            matches.AddRange(candidates.Take(pageSize + 1 - matches.Count));
            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            limit = Math.Min(FilteredReadMax, limit * FilteredReadGrowth);
        }
        while (matches.Count <= pageSize && startKey is not null);

        var hasNextPage = matches.Count > pageSize;
        var page = matches.Take(pageSize).ToList();
        string? endCursor = null;
        if (hasNextPage)
        {
            var lastEntry = page[^1];
            endCursor = ThreadCursor.Create(filter,
                ItemReader.String(lastEntry, TableKeys.UserThreadSortKey)!,
                ItemReader.String(lastEntry, TableKeys.PartitionKey)!).Encode();
        }

        return new PaginatedResponse<ChatThread>(
            [.. page.Select(e => ThreadItems.FromIndexEntry(e, userId))],
            new PageInfo(hasNextPage, pagination.Cursor, endCursor));
    }

    /// <summary>
    /// Keeps the candidates whose RATINGS marker holds a rating of <paramref name="rating"/>, reading markers
    /// 100 a request and stopping once <paramref name="needed"/> are found.
    /// </summary>
    private async Task<List<Dictionary<string, AttributeValue>>> KeepRatedAsync(List<Dictionary<string, AttributeValue>> candidates,
        int rating, int needed, CancellationToken cancellationToken)
    {
        var kept = new List<Dictionary<string, AttributeValue>>();
        var ratingText = rating.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var offset = 0; offset < candidates.Count && kept.Count < needed; offset += 100)
        {
            var chunk = candidates.Skip(offset).Take(100).ToList();
            var markers = await BatchGetAsync(
                [.. chunk.Select(c => TableKeys.Key(ItemReader.String(c, TableKeys.PartitionKey)!, TableKeys.RatingsSortKey))],
                cancellationToken).ConfigureAwait(false);
            var rated = markers
                .Where(m => m.Any(kv => kv.Key.StartsWith(TableKeys.RatingAttributePrefix, StringComparison.Ordinal) && kv.Value.N == ratingText))
                .Select(m => ItemReader.String(m, TableKeys.PartitionKey))
                .ToHashSet(StringComparer.Ordinal);
            kept.AddRange(chunk.Where(c => rated.Contains(ItemReader.String(c, TableKeys.PartitionKey)!)));
        }

        return kept;
    }
}
