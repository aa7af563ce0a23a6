using Chat.DataLayer.Storage.AzureBlob;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Validates <see cref="AzureBlobStorageOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class AzureBlobStorageOptionsValidator : IValidateOptions<AzureBlobStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureBlobStorageOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{nameof(AzureBlobStorageOptions)}.{ex.ParamName}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
