// Compiled into each storage package (linked source): the registration every Add…Storage method shares, written once
// and kept internal (a third-party storage package registers the same way with the public StorageClientRegistration).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Registers a storage client as the data layer's <see cref="IStorageClient"/>.</summary>
internal static class StorageRegistration
{
    /// <summary>
    /// Validates <typeparamref name="TOptions"/> at start-up with <typeparamref name="TValidator"/>, registers the client
    /// that <paramref name="createClient"/> makes as a singleton (as itself and as <see cref="IStorageClient"/>, both with
    /// <c>TryAdd</c>, so the first registration wins), and records <paramref name="registrationName"/> once in
    /// <see cref="StorageClientRegistration"/> so that the data layer's validation can see two storage backends.
    /// </summary>
    public static IDataLayerBuilder AddStorageClient<TClient, TOptions, TValidator>(
        IDataLayerBuilder builder, string registrationName, Func<IServiceProvider, TOptions, TClient> createClient)
        where TClient : class, IStorageClient
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        var services = builder.Services;
        services.AddOptions<TOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddSingleton(sp => createClient(sp, sp.GetRequiredService<IOptions<TOptions>>().Value));
        services.TryAddSingleton<IStorageClient>(sp => sp.GetRequiredService<TClient>());
        if (!services.Any(d => d.ServiceType == typeof(StorageClientRegistration)
            && d.ImplementationInstance is StorageClientRegistration registration && registration.Name == registrationName))
        {
            services.AddSingleton(new StorageClientRegistration(registrationName));
        }

        return builder;
    }
}
