using Chat.DataLayer.Internal;

namespace Chat.DataLayer.Storage.AzureBlob;

/// <summary>
/// Settings of <see cref="AzureBlobStorageClient"/>. The account, endpoint and credential are not here: they belong to
/// the <c>BlobServiceClient</c> the application gives.
/// </summary>
public sealed class AzureBlobStorageOptions
{
    /// <summary>The longest lifetime of a read URL: 7 days, the limit of a user delegation SAS (applied to every SAS here).</summary>
    public static readonly TimeSpan MaxUrlExpiry = TimeSpan.FromDays(7);

    /// <summary>The default lifetime of read URLs: 1 hour.</summary>
    public static readonly TimeSpan DefaultUrlExpiry = TimeSpan.FromHours(1);

    /// <summary>The default number of deletes <see cref="AzureBlobStorageClient.DeleteFilesAsync"/> runs at once: 16.</summary>
    public const int DefaultDeleteParallelism = 16;

    /// <summary>The container the blobs live in (required; Azure naming rules: 3-63 characters, lower-case letters,
    /// digits and single hyphens, starting and ending with a letter or digit; or <c>$root</c> / <c>$web</c>).</summary>
    public string ContainerName { get; set; } = "";

    /// <summary>
    /// The lifetime of the read URLs that <see cref="AzureBlobStorageClient.UploadFileAsync"/> returns and that
    /// <see cref="AzureBlobStorageClient.GetReadUrlAsync"/> builds when not told otherwise. Default 1 hour; more than 0
    /// and at most 7 days (<see cref="MaxUrlExpiry"/>).
    /// </summary>
    public TimeSpan UrlExpiry { get; set; } = DefaultUrlExpiry;

    /// <summary>
    /// Whether the first upload creates the container when it does not exist (needs permission to create containers).
    /// Default <see langword="false"/>: a missing container makes uploads fail with a <see cref="StorageException"/>.
    /// </summary>
    public bool CreateContainerIfNotExists { get; set; }

    /// <summary>
    /// How many blob deletes <see cref="AzureBlobStorageClient.DeleteFilesAsync"/> sends at once (1 to 256). Default 16.
    /// Deletes are single-blob requests, not the Blob Batch API, which the Azurite emulator does not support.
    /// </summary>
    public int DeleteParallelism { get; set; } = DefaultDeleteParallelism;

    /// <summary>The clock for SAS expiry times and user delegation key renewal. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// With dependency injection (<c>AddAzureBlobStorage</c>) and no client factory: the service key of a keyed
    /// <c>BlobServiceClient</c> the host registered; <see langword="null"/> (default) uses the host's unkeyed
    /// <c>BlobServiceClient</c>. Not used otherwise.
    /// </summary>
    public string? ServiceKey { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public void Validate() => OptionsValidation.ThrowIfAny(GetFailures());

    /// <summary>Every invalid setting (at most one failure per setting), in the order <see cref="Validate"/> checks them.</summary>
    internal IEnumerable<OptionsFailure> GetFailures()
    {
        if (ContainerNameProblem(ContainerName) is { } container)
        {
            yield return new(nameof(ContainerName), container);
        }

        if (UrlExpiry <= TimeSpan.Zero || UrlExpiry > MaxUrlExpiry)
        {
            yield return new(nameof(UrlExpiry),
                $"{nameof(UrlExpiry)} must be more than 0 and at most 7 days (the user delegation SAS limit), not {UrlExpiry}.");
        }

        if (DeleteParallelism is < 1 or > 256)
        {
            yield return new(nameof(DeleteParallelism), $"{nameof(DeleteParallelism)} must be between 1 and 256, not {DeleteParallelism}.");
        }

        if (TimeProvider is null)
        {
            yield return new(nameof(TimeProvider), $"{nameof(TimeProvider)} must be set.");
        }
    }

    // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
    private static string? ContainerNameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"{nameof(ContainerName)} is required.";
        }

        if (name is "$root" or "$web")
        {
            return null;
        }

        if (name.Length is < 3 or > 63)
        {
            return $"{nameof(ContainerName)} must be 3 to 63 characters long, not {name.Length}: '{name}'.";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var valid = char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)
                || (c == '-' && i > 0 && i < name.Length - 1 && name[i - 1] != '-');
            if (!valid)
            {
                return $"{nameof(ContainerName)} may hold only lower-case letters, digits and single hyphens, and must start and end with a letter or digit: '{name}'.";
            }
        }

        return null;
    }
}
