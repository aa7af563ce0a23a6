using Chat.DataLayer.DynamoDb;
using Chat.DataLayer.Internal;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Validates <see cref="DynamoDbDataLayerOptions"/> at start-up, listing every invalid setting by name.</summary>
internal sealed class DynamoDbDataLayerOptionsValidator(IEnumerable<StorageClientRegistration> storageRegistrations)
    : IValidateOptions<DynamoDbDataLayerOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamoDbDataLayerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = OptionsValidation.Describe(options.GetFailures(), "ChatDataLayer:");
        var storage = storageRegistrations.Select(r => r.Name).ToList();
        if (storage.Count > 1)
        {
            failures.Add($"Exactly one storage client may be registered for element files, but found {storage.Count}: {string.Join(", ", storage)}.");
        }

        return OptionsValidation.ToResult(failures);
    }
}
