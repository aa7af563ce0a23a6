using Chat.DataLayer.Internal;
using Chat.DataLayer.Storage.AzureBlob;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Validates <see cref="AzureBlobStorageOptions"/> at start-up, listing every invalid setting by name.</summary>
internal sealed class AzureBlobStorageOptionsValidator : IValidateOptions<AzureBlobStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureBlobStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsValidation.ToResult(OptionsValidation.Describe(options.GetFailures(), $"{nameof(AzureBlobStorageOptions)}."));
    }
}
