using System.Net;
using Xunit;

namespace Chat.DataLayer.Storage.Tests;

/// <summary>What a plain HTTP GET of a read URL returned.</summary>
internal sealed record Downloaded(HttpStatusCode Status, byte[] Body, string? ContentType, string? ContentDisposition)
{
    // A plain client, as a browser or another service would fetch the URL: no SDK, no credentials.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public static async Task<Downloaded> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return new Downloaded(
            response.StatusCode,
            body,
            response.Content.Headers.ContentType?.ToString(),
            response.Content.Headers.ContentDisposition?.ToString());
    }
}
