using Chat.DataLayer.Emulators;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Xunit;

namespace Chat.DataLayer.Testing;

/// <summary>
/// Shared life cycle of the emulator fixtures: discovery in a fixed order (environment variable,
/// Testcontainers when a Docker engine answers, the npm emulator), skip-or-fail when nothing is found, and
/// clean-up of whatever was started.
/// </summary>
public abstract class EmulatorFixture : IAsyncLifetime
{
    private EmulatorProcess? _emulator;
    private IContainer? _container;

    /// <summary>Where the endpoint came from: <c>env</c>, <c>testcontainers</c>, or the npm emulator's name
    /// (<c>dynalite</c>, <c>s3rver</c>, <c>azurite</c>); <c>none</c> when unavailable.</summary>
    public string Backend { get; private set; } = "none";

    /// <summary>Why no endpoint is available, or <see langword="null"/> when one is.</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary><see langword="true"/> once an endpoint is ready.</summary>
    public bool IsAvailable { get; private set; }

    /// <summary>The started npm emulator, when that is the backend (for diagnostics).</summary>
    public EmulatorProcess? Emulator => _emulator;

    /// <summary>The service name used in messages, e.g. <c>DynamoDB</c>.</summary>
    protected abstract string ServiceName { get; }

    /// <summary>
    /// Skips the calling test (locally) or fails it (under <c>CI=true</c>) when no endpoint is available.
    /// Call it first in every test that uses the fixture; the client factories call it too.
    /// </summary>
    public void EnsureAvailable()
    {
        if (IsAvailable)
        {
            return;
        }

        var reason = UnavailableReason ?? $"The {ServiceName} fixture has not been initialized.";
        if (TestEnvironment.IsCi)
        {
            Assert.Fail(reason + " (CI=true: emulator-backed tests fail instead of skipping.)");
        }

        Assert.Skip(reason);
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        await StartAsync(CancellationToken.None).ConfigureAwait(false);
        if (!IsAvailable && UnavailableReason is null)
        {
            throw new InvalidOperationException($"The {ServiceName} fixture neither started nor said why.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisposeCoreAsync().ConfigureAwait(false);
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
            _emulator = null;
        }

        if (_container is not null)
        {
            await _container.DisposeAsync().ConfigureAwait(false);
            _container = null;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Finds or starts the endpoint; calls <see cref="MarkReady"/> or <see cref="MarkUnavailable"/>.</summary>
    protected abstract ValueTask StartAsync(CancellationToken cancellationToken);

    /// <summary>Releases what the derived fixture holds, before the emulator or container stops.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <summary>Records the backend that is ready.</summary>
    protected void MarkReady(string backend)
    {
        Backend = backend;
        IsAvailable = true;
        UnavailableReason = null;
    }

    /// <summary>
    /// Records that no endpoint can be had. Under <c>CI=true</c> this throws, which fails every test that uses
    /// the fixture; locally the tests skip with <paramref name="reason"/>.
    /// </summary>
    protected void MarkUnavailable(string reason, Exception? cause = null)
    {
        if (TestEnvironment.IsCi)
        {
            throw new InvalidOperationException(
                reason + " (CI=true: emulator-backed tests fail instead of skipping.)", cause);
        }

        Backend = "none";
        IsAvailable = false;
        UnavailableReason = reason;
    }

    /// <summary>
    /// Starts an npm emulator. Returns <see langword="null"/> after <see cref="MarkUnavailable"/> when it is not
    /// installed; a crash or time-out throws.
    /// </summary>
    protected async Task<EmulatorProcess?> StartEmulatorAsync(
        string name,
        Func<int, string, IEnumerable<string>> arguments,
        string howToProvide,
        CancellationToken cancellationToken)
    {
        try
        {
            _emulator = await EmulatorProcess.StartAsync(name, arguments, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return _emulator;
        }
        catch (EmulatorUnavailableException ex)
        {
            MarkUnavailable($"No {ServiceName} endpoint: {ex.Message} {howToProvide}", ex);
            return null;
        }
    }

    /// <summary>
    /// Starts a container through Testcontainers. A failure throws (with a hint on how to use the npm emulator
    /// instead): a reachable Docker engine that cannot run the image is a problem to see, not to hide.
    /// </summary>
    protected async Task<IContainer> StartContainerAsync(ContainerBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var container = builder.Build();
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"A Docker engine answered, but the {ServiceName} container did not start. Set {TestEnvironment.TestcontainersVariable}=0 to use the npm emulator instead.",
                ex);
        }

        _container = container;
        return container;
    }
}
