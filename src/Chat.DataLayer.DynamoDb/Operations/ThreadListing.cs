using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Layout;
using Chat.DataLayer.DynamoDb.Markers;

namespace Chat.DataLayer.DynamoDb.Operations;

/// <summary>
/// A user's threads from the <c>UserThread</c> index, newest activity first, with search and feedback filters and
/// the opaque cursor (<see cref="ThreadCursor"/>). No scan in any case.
/// </summary>
internal sealed class ThreadListing(DynamoDbGateway db, RatingsMarker ratings, int maxPageSize)
{
    /// <summary>How many index entries a filtered list reads in its first request; later requests read more.</summary>
    private const int FilteredReadGrowth = 4;
    private const int FilteredReadMax = 1000;

    /// <summary>
    /// Without a filter: one Query per page, reading one entry more than the page to know whether another follows.
    /// With a search: Queries reading growing runs of entries, matching the name case-insensitively, until the page
    /// is full. With a feedback filter: besides, the candidates' RATINGS markers, 100 a BatchGetItem.
    /// </summary>
    public async Task<PaginatedResponse<ChatThread>> ListAsync(Pagination pagination, ThreadFilter filter, CancellationToken cancellationToken)
    {
        var userId = filter.UserId!;
        var pageSize = Math.Min(pagination.First, maxPageSize);
        var search = string.IsNullOrEmpty(filter.Search) ? null : filter.Search;
        var filtered = search is not null || filter.Feedback is not null;

        Dictionary<string, AttributeValue>? startKey = null;
        if (pagination.Cursor is not null)
        {
            var cursor = ThreadCursor.Decode(pagination.Cursor, filter, nameof(pagination));
            startKey = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [TableKeys.UserThreadPartitionKey] = new() { S = UserItems.Pk(userId) },
                [TableKeys.UserThreadSortKey] = new() { S = cursor.ActivityKey },
                [TableKeys.PartitionKey] = new() { S = cursor.ThreadPk },
                [TableKeys.SortKey] = new() { S = ThreadItems.SortKey },
            };
        }

        var matches = new List<Dictionary<string, AttributeValue>>(pageSize + 1);
        var limit = filtered ? Math.Min(FilteredReadMax, (pageSize + 1) * FilteredReadGrowth) : pageSize + 1;
        do
        {
            var response = await db.QueryAsync(new QueryRequest
            {
                IndexName = DynamoDbTableSchema.UserThreadIndexName,
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = TableKeys.UserThreadPartitionKey },
                ExpressionAttributeValues = new() { [":pk"] = new() { S = UserItems.Pk(userId) } },
                ScanIndexForward = false,
                Limit = limit,
                ExclusiveStartKey = startKey,
            }, cancellationToken).ConfigureAwait(false);

            var candidates = (response.Items ?? [])
                .Where(i => search is null || (ItemReader.String(i, ThreadItems.Name) ?? "").Contains(search, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (filter.Feedback is { } rating)
            {
                candidates = await ratings.KeepRatedAsync(candidates, rating, pageSize + 1 - matches.Count, cancellationToken).ConfigureAwait(false);
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
}
