using Microsoft.Extensions.DependencyInjection;

namespace Chat.DataLayer.Hosting;

/// <summary>The default <see cref="IDataLayerBuilder"/>.</summary>
/// <param name="services">The service collection the data layer is registered in.</param>
public sealed class DataLayerBuilder(IServiceCollection services) : IDataLayerBuilder
{
    /// <inheritdoc />
    public IServiceCollection Services { get; } = services ?? throw new ArgumentNullException(nameof(services));
}
