using Chat.DataLayer.Internal;
using Chat.DataLayer.Storage.S3;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Validates <see cref="S3StorageOptions"/> at start-up, listing every invalid setting by name.</summary>
internal sealed class S3StorageOptionsValidator : IValidateOptions<S3StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, S3StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return OptionsValidation.ToResult(OptionsValidation.Describe(options.GetFailures(), $"{nameof(S3StorageOptions)}."));
    }
}
