using Chat.DataLayer.DynamoDb;
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Hosting;

/// <summary>Validates <see cref="DynamoDbDataLayerOptions"/> at start-up, with messages that name the setting.</summary>
internal sealed class DynamoDbDataLayerOptionsValidator(IEnumerable<StorageClientRegistration> storageRegistrations)
    : IValidateOptions<DynamoDbDataLayerOptions>
{
    public ValidateOptionsResult Validate(string? name, DynamoDbDataLayerOptions options)
    {
        var failures = new List<string>();
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            failures.Add($"ChatDataLayer:{ex.ParamName}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }

        var storage = storageRegistrations.Select(r => r.Name).ToList();
        if (storage.Count > 1)
        {
            failures.Add($"Exactly one storage client may be registered for element files, but found {storage.Count}: {string.Join(", ", storage)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
