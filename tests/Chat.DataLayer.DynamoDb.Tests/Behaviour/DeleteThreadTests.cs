using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>DeleteThread removes every item of the thread's partition, in batches of 25, and is idempotent.</summary>
public sealed class DeleteThreadTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task DeleteThread_With63Steps_RemovesTheOtherItemsInBatchesOf25ThenTheThreadRecord()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        const int steps = 63;
        for (var batch = 0; batch < steps; batch += 16)
        {
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(16, steps - batch))
                .Select(i => CreateStepAsync(threadId, $"step-{i:D3}", type: i % 2 == 0 ? StepTypes.UserMessage : StepTypes.Tool)));
        }

        await Layer.UpsertFeedbackAsync(new Feedback { ThreadId = threadId, ForId = "step-001", Value = 1 }, Ct);
        await Layer.CreateElementAsync(new Element { Id = "e1", ThreadId = threadId, Url = "https://example.com/a.png", Type = ElementTypes.Image }, cancellationToken: Ct);
        await Layer.CreateElementAsync(new Element { Id = "e2", ThreadId = threadId, Url = "https://example.com/b.pdf", Type = ElementTypes.Pdf }, cancellationToken: Ct);
        var items = await QueryPartitionAsync(ThreadPk(threadId));
        Assert.Equal(steps + 4, items.Count); // steps, THREAD, RATINGS, 2 elements
        Assert.Contains(items, i => i["SK"].S == "RATINGS");
        Counter.Reset();

        await Layer.DeleteThreadAsync(threadId, Ct);

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
        Assert.Equal((items.Count - 1 + 24) / 25, Counter.Count("BatchWriteItem")); // every item but the thread record
        Assert.Equal(1, Counter.Count("DeleteItem")); // the thread record, alone and last
        Assert.Null(await Layer.GetThreadAsync(threadId, Ct));
        Assert.Empty(await ListIdsAsync(userId));
    }

    [Fact]
    public async Task DeleteThread_UnderPartialBatches_KeepsTheThreadRecordWhileAnyOtherItemRemains()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        await CreateStepsAsync(threadId, 43); // 44 items: 25 + 19 in batches, as in issue 9
        var violations = new List<int>();
        var batchWrites = 0;
        // Each BatchWriteItem processes only the second half of its write requests (the thread record shared the
        // last place of the last batch); after each, the partition is inspected with the uncounted client.
        Counter.Around = async (request, send) =>
        {
            var response = await FaultInjection.ProcessPartOfBatchWriteAsync(request, send, (count, i) => i >= count / 2);
            if (RequestCounter.GetOperation(request) == "BatchWriteItem")
            {
                Interlocked.Increment(ref batchWrites);
                var left = await QueryPartitionAsync(ThreadPk(threadId));
                if (left.Count > 0 && left.All(i => i["SK"].S != "THREAD"))
                {
                    lock (violations)
                    {
                        violations.Add(left.Count);
                    }
                }
            }

            return response;
        };
        var layer = CreateLayer(o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.BatchRetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.BatchRetryMaxDelay = TimeSpan.FromMilliseconds(5);
        });

        await layer.DeleteThreadAsync(threadId, Ct);

        Counter.Around = null;
        Assert.True(batchWrites > 2, "the batches were not split");
        Assert.Empty(violations); // items left without a thread record (nobody could list them)
        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
        Assert.Empty(await ListIdsAsync(userId));
    }

    [Fact]
    public async Task DeleteThread_StoppedAfterTheFirstBatch_LeavesTheThreadListedAndARetryFinishes()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        await CreateStepsAsync(threadId, 30);
        var batchWrites = 0;
        // The process "dies" after its first BatchWriteItem: every later request is refused.
        Counter.Around = (request, send) => RequestCounter.GetOperation(request) == "Query" || Interlocked.Increment(ref batchWrites) == 1
            ? send(request)
            : Task.FromResult(RequestCounter.DynamoDbError(System.Net.HttpStatusCode.BadRequest, "AccessDeniedException", "injected: stopped"));

        await Assert.ThrowsAnyAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() => Layer.DeleteThreadAsync(threadId, Ct));

        Counter.Around = null;
        var left = await QueryPartitionAsync(ThreadPk(threadId));
        Assert.InRange(left.Count, 2, 30);
        Assert.Contains(left, i => i["SK"].S == "THREAD");
        Assert.Equal([threadId], await ListIdsAsync(userId));

        await Layer.DeleteThreadAsync(threadId, Ct);

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
        Assert.Empty(await ListIdsAsync(userId));
    }

    private async Task CreateStepsAsync(string threadId, int count)
    {
        for (var batch = 0; batch < count; batch += 16)
        {
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(16, count - batch))
                .Select(i => CreateStepAsync(threadId, $"step-{i:D3}", type: StepTypes.Tool)));
        }
    }

    [Fact]
    public async Task DeleteThread_Twice_IsFine()
    {
        var userId = NewId("u-");
        var threadId = await CreateOwnedThreadAsync(userId);
        await CreateStepAsync(threadId);

        await Layer.DeleteThreadAsync(threadId, Ct);
        await Layer.DeleteThreadAsync(threadId, Ct);

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
    }

    [Fact]
    public async Task DeleteThread_OfUnknownThread_IsFineAndWritesNothing()
    {
        var threadId = NewId("t-");
        Counter.Reset();

        await Layer.DeleteThreadAsync(threadId, Ct);

        Assert.Empty(await QueryPartitionAsync(ThreadPk(threadId)));
        Assert.Equal(0, Counter.Count("BatchWriteItem"));
        Assert.Equal(0, Counter.Count("PutItem") + Counter.Count("UpdateItem"));
    }

    [Fact]
    public async Task DeleteThread_LeavesOtherThreadsOfTheOwnerAlone()
    {
        var userId = NewId("u-");
        var kept = await CreateOwnedThreadAsync(userId);
        var deleted = await CreateOwnedThreadAsync(userId);
        var keptStep = await CreateStepAsync(kept);
        await CreateStepAsync(deleted);

        await Layer.DeleteThreadAsync(deleted, Ct);

        Assert.Equal([kept], await ListIdsAsync(userId));
        Assert.Equal([keptStep.Id], (await Layer.GetThreadAsync(kept, Ct))!.Steps.Select(s => s.Id));
    }

    [Fact]
    public async Task DeleteThread_WhoseIdPrefixesAnotherThreadsId_LeavesTheOtherAlone()
    {
        var userId = NewId("u-");
        var shortId = NewId("t-");
        var longId = shortId + "#STEP#x";
        await CreateOwnedThreadAsync(userId, threadId: shortId);
        await CreateOwnedThreadAsync(userId, threadId: longId);
        await CreateStepAsync(shortId);
        await CreateStepAsync(longId);

        await Layer.DeleteThreadAsync(shortId, Ct);

        Assert.NotNull(await Layer.GetThreadAsync(longId, Ct));
        Assert.Single((await Layer.GetThreadAsync(longId, Ct))!.Steps);
    }
}
