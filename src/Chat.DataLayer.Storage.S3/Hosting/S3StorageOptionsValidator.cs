using Chat.DataLayer.Storage.S3;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Validates <see cref="S3StorageOptions"/> at start-up, with a message that names the setting.</summary>
internal sealed class S3StorageOptionsValidator : IValidateOptions<S3StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, S3StorageOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{nameof(S3StorageOptions)}.{ex.ParamName}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
