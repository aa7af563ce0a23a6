using System.Text.RegularExpressions;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>Timestamps are the real current UTC time, stored as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.</summary>
public sealed partial class TimestampTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex StoredFormat();

    [Fact]
    public async Task UpdateThread_WithSystemClock_StoresCreatedAtAsCurrentUtcWithZAndSixFractionDigits()
    {
        var layer = CreateLayer(o => o.TimeProvider = TimeProvider.System);
        var threadId = NewId("t-");
        var before = DateTimeOffset.UtcNow;

        await layer.UpdateThreadAsync(threadId, name: "n", userId: NewId("u-"), cancellationToken: Ct);

        var item = await GetRawItemAsync(ThreadPk(threadId), "THREAD");
        Assert.NotNull(item);
        var text = item["createdAt"].S;
        Assert.Matches(StoredFormat(), text);
        var stored = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.InRange(stored, before - Tolerance, DateTimeOffset.UtcNow + Tolerance);
        Assert.Equal("TS#" + text, item["UserThreadSK"].S);
    }

    [Fact]
    public async Task CreateStep_WithSystemClock_StoresStepCreatedAtAsCurrentUtcWithZAndSixFractionDigits()
    {
        var layer = CreateLayer(o => o.TimeProvider = TimeProvider.System);
        var threadId = NewId("t-");
        var before = DateTimeOffset.UtcNow;

        var step = await CreateStepAsync(threadId, layer: layer);

        var item = await GetRawItemAsync(ThreadPk(threadId), StepSk(step.Id));
        Assert.NotNull(item);
        var text = item["createdAt"].S;
        Assert.Matches(StoredFormat(), text);
        Assert.InRange(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
            before - Tolerance, DateTimeOffset.UtcNow + Tolerance);
        var thread = await layer.GetThreadAsync(threadId, Ct);
        Assert.NotNull(thread?.CreatedAt);
        Assert.InRange(thread.CreatedAt.Value, before - Tolerance, DateTimeOffset.UtcNow + Tolerance);
    }

    [Fact]
    public async Task CreateUser_WithSystemClock_ReturnsAndStoresCurrentUtc()
    {
        var layer = CreateLayer(o => o.TimeProvider = TimeProvider.System);
        var identifier = NewId("user-");
        var before = DateTimeOffset.UtcNow;

        var user = await layer.CreateUserAsync(new User { Identifier = identifier }, Ct);

        Assert.InRange(user.CreatedAt, before - Tolerance, DateTimeOffset.UtcNow + Tolerance);
        var item = await GetRawItemAsync("USER#" + identifier, "USER");
        Assert.NotNull(item);
        Assert.Matches(StoredFormat(), item["createdAt"].S);
    }

    [Fact]
    public async Task GivenStepTimes_AreStoredAsUtcWithZ_WhateverTheirOffset()
    {
        var threadId = NewId("t-");
        var createdAt = new DateTimeOffset(2025, 6, 1, 14, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234560);

        await Layer.CreateStepAsync(new Step { Id = "s", ThreadId = threadId, Type = StepTypes.Run, CreatedAt = createdAt }, Ct);

        var item = await GetRawItemAsync(ThreadPk(threadId), StepSk("s"));
        Assert.Equal("2025-06-01T12:30:15.123456Z", item?["createdAt"].S);
        var step = Assert.Single((await Layer.GetThreadAsync(threadId, Ct))!.Steps);
        Assert.Equal(createdAt, step.CreatedAt);
    }
}
