using System.Collections.Concurrent;
using System.Web;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Chat.DataLayer.Storage.AzureBlob;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>
/// Read URLs for a service client with a token credential (no account key): user delegation SAS, with the key
/// fetched once and renewed near its expiry. Azurite cannot issue user delegation keys over http, so a service
/// client stub answers GetUserDelegationKey; the SAS itself is built by the real Azure SDK.
/// </summary>
public sealed class AzureUserDelegationSasTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly DelegationKeyServiceClient _service = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private AzureBlobStorageClient NewClient() =>
        new(_service, new AzureBlobStorageOptions { ContainerName = "chat-files", TimeProvider = _time });

    [Fact]
    public async Task ReadUrl_WithTokenCredential_IsAUserDelegationSas()
    {
        var client = NewClient();

        var url = new Uri(await client.GetReadUrlAsync("folder/a file.txt", TimeSpan.FromMinutes(10), Cancel));

        Assert.Equal("https://fakeaccount.blob.core.windows.net/chat-files/folder/a%20file.txt", url.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(DelegationKeyServiceClient.ObjectId, query["skoid"]);
        Assert.Equal("r", query["sp"]);
        Assert.Equal("b", query["sr"]);
        Assert.Equal("2026-03-01T12:10:00Z", query["se"]);
        Assert.False(string.IsNullOrEmpty(query["sig"]));
    }

    [Fact]
    public async Task DelegationKey_IsFetchedOnceForManyUrls()
    {
        var client = NewClient();

        for (var i = 0; i < 5; i++)
        {
            await client.GetReadUrlAsync($"k{i}", cancellationToken: Cancel);
        }

        Assert.Single(_service.Requests);
        Assert.Equal(_time.GetUtcNow().AddDays(1), _service.Requests.Single().ExpiresOn);
    }

    [Fact]
    public async Task DelegationKey_ConcurrentFirstCalls_FetchOneKey()
    {
        var client = NewClient();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => client.GetReadUrlAsync($"k{i}", cancellationToken: Cancel)));

        Assert.Single(_service.Requests);
    }

    [Fact]
    public async Task DelegationKey_IsRenewedWithinFiveMinutesOfItsExpiry()
    {
        var client = NewClient();
        await client.GetReadUrlAsync("k", TimeSpan.FromMinutes(1), Cancel);

        _time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(6));
        await client.GetReadUrlAsync("k", TimeSpan.FromMinutes(1), Cancel);
        Assert.Single(_service.Requests);

        _time.Advance(TimeSpan.FromMinutes(2));
        await client.GetReadUrlAsync("k", TimeSpan.FromMinutes(1), Cancel);
        Assert.Equal(2, _service.Requests.Count);
    }

    [Fact]
    public async Task DelegationKey_TooShortForTheUrl_IsReplacedByOneThatOutlivesIt()
    {
        var client = NewClient();
        await client.GetReadUrlAsync("k", TimeSpan.FromHours(1), Cancel);

        var url = new Uri(await client.GetReadUrlAsync("k", TimeSpan.FromDays(3), Cancel));

        Assert.Equal(2, _service.Requests.Count);
        Assert.True(_service.Requests.Last().ExpiresOn >= _time.GetUtcNow().AddDays(3));
        Assert.Equal("2026-03-04T12:00:00Z", HttpUtility.ParseQueryString(url.Query)["se"]);
    }

    [Fact]
    public async Task DelegationKey_ForASevenDayUrl_StopsAtTheServiceLimit()
    {
        var client = NewClient();

        await client.GetReadUrlAsync("k", TimeSpan.FromDays(7), Cancel);

        Assert.Equal(_time.GetUtcNow().AddDays(7), Assert.Single(_service.Requests).ExpiresOn);
    }

    [Fact]
    public async Task DelegationKey_RequestFailure_IsAStorageExceptionWithTheKey()
    {
        _service.Failure = new RequestFailedException(403, "This request is not authorized", "AuthorizationPermissionMismatch", null);
        var client = NewClient();

        var ex = await Assert.ThrowsAsync<StorageException>(() => client.GetReadUrlAsync("k/1", cancellationToken: Cancel));

        Assert.Equal("k/1", ex.ObjectKey);
        Assert.Same(_service.Failure, ex.InnerException);
    }

    /// <summary>A token-credential service client whose only service call, GetUserDelegationKey, is answered locally.</summary>
    private sealed class DelegationKeyServiceClient()
        : BlobServiceClient(new Uri("https://fakeaccount.blob.core.windows.net"), new NoTokenCredential())
    {
        public const string ObjectId = "11111111-2222-3333-4444-555555555555";

        public ConcurrentQueue<(DateTimeOffset? StartsOn, DateTimeOffset ExpiresOn)> Requests { get; } = new();

        public Exception? Failure { get; set; }

        public override async Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(
            DateTimeOffset? startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
        {
            Requests.Enqueue((startsOn, expiresOn));
            await Task.Delay(20, cancellationToken);
            if (Failure is not null)
            {
                throw Failure;
            }

            var key = BlobsModelFactory.UserDelegationKey(
                ObjectId, "66666666-7777-8888-9999-000000000000", startsOn ?? DateTimeOffset.UtcNow, expiresOn, "b", "2026-10-06",
                Convert.ToBase64String(new byte[32]));
            return Response.FromValue(key, null!);
        }
    }

    private sealed class NoTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No request may be sent in these tests.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No request may be sent in these tests.");
    }
}
