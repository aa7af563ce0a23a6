using Amazon.Runtime;

namespace Chat.DataLayer.Testing;

/// <summary>
/// Plugs a <see cref="RequestCounter"/> into an AWS SDK client through <see cref="ClientConfig.HttpClientFactory"/>.
/// The SDK caches the HttpClient per SDK client (<see cref="GetConfigUniqueString"/> returns null) and
/// disposes it with that client.
/// </summary>
public sealed class CountingAwsHttpClientFactory : HttpClientFactory
{
    private readonly RequestCounter _counter;

    /// <summary>Creates a factory whose clients count into <paramref name="counter"/>.</summary>
    public CountingAwsHttpClientFactory(RequestCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        _counter = counter;
    }

    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var client = new HttpClient(_counter.CreateHandler(), disposeHandler: true);
        if (clientConfig.Timeout is { } timeout)
        {
            client.Timeout = timeout;
        }

        return client;
    }

    /// <inheritdoc />
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    /// <inheritdoc />
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <inheritdoc />
    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;
}
