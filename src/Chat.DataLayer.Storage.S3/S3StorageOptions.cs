using Chat.DataLayer.Internal;

namespace Chat.DataLayer.Storage.S3;

/// <summary>
/// Settings of <see cref="S3StorageClient"/>. The endpoint (<c>ServiceURL</c>), region, credentials and path-style
/// addressing (<c>ForcePathStyle</c>) are not here: they belong to the <c>IAmazonS3</c> client the application gives.
/// </summary>
public sealed class S3StorageOptions
{
    /// <summary>The longest lifetime S3 accepts for a presigned URL (SigV4): 7 days.</summary>
    public static readonly TimeSpan MaxUrlExpiry = TimeSpan.FromDays(7);

    /// <summary>The default lifetime of read URLs: 1 hour.</summary>
    public static readonly TimeSpan DefaultUrlExpiry = TimeSpan.FromHours(1);

    /// <summary>The smallest part S3 accepts in a multipart upload (except the last one): 5 MiB.</summary>
    public const int MinMultipartPartSize = 5 * 1024 * 1024;

    /// <summary>The default part size of multipart uploads: 8 MiB.</summary>
    public const int DefaultMultipartPartSize = 8 * 1024 * 1024;

    /// <summary>The bucket the objects live in (required).</summary>
    public string Bucket { get; set; } = "";

    /// <summary>
    /// The lifetime of the read URLs that <see cref="S3StorageClient.UploadFileAsync"/> returns and that
    /// <see cref="S3StorageClient.GetReadUrlAsync"/> builds when not told otherwise. Default 1 hour; more than 0 and at
    /// most 7 days (<see cref="MaxUrlExpiry"/>). A URL signed with temporary credentials (an IAM role, STS) stops
    /// working when those credentials expire, whichever comes first.
    /// </summary>
    public TimeSpan UrlExpiry { get; set; } = DefaultUrlExpiry;

    /// <summary>
    /// Whether uploads use <c>aws-chunked</c> content encoding (the AWS SDK's default, with a trailing checksum).
    /// Default <see langword="true"/>, right for Amazon S3. Set it to <see langword="false"/> for S3-compatible stores
    /// (s3rver, some MinIO/R2/Ceph versions) that store the chunk framing as part of the object's content.
    /// </summary>
    public bool UseChunkEncoding { get; set; } = true;

    /// <summary>The server-side encryption to ask for on every write. Default <see cref="S3ServerSideEncryption.None"/>.</summary>
    public S3ServerSideEncryption ServerSideEncryption { get; set; } = S3ServerSideEncryption.None;

    /// <summary>
    /// The KMS key (id, ARN or alias) for <see cref="S3ServerSideEncryption.Kms"/>; the account's <c>aws/s3</c> key
    /// when <see langword="null"/>. Only valid with <see cref="S3ServerSideEncryption.Kms"/>.
    /// </summary>
    public string? KmsKeyId { get; set; }

    /// <summary>
    /// Whether presigned URLs use <c>http://</c>. When <see langword="null"/> (the default) the scheme follows the
    /// client's <c>ServiceURL</c>: <c>http://</c> for an <c>http://</c> endpoint (local emulators), otherwise
    /// <c>https://</c>. The AWS SDK itself always signs <c>https://</c> URLs unless told.
    /// </summary>
    public bool? UseHttpForPresignedUrls { get; set; }

    /// <summary>
    /// The part size for streams that cannot seek (whose length is unknown): they are read one part at a time into
    /// memory and sent as a single PutObject when they fit in one part, as a multipart upload otherwise. Default 8 MiB;
    /// at least 5 MiB (<see cref="MinMultipartPartSize"/>). Seekable streams are always sent as one PutObject (S3 limit
    /// 5 GiB).
    /// </summary>
    public int MultipartPartSize { get; set; } = DefaultMultipartPartSize;

    /// <summary>
    /// With dependency injection (<c>AddS3Storage</c>): the service key of a keyed <c>IAmazonS3</c> the host registered
    /// for the storage; <see langword="null"/> (default) uses the host's unkeyed <c>IAmazonS3</c>. Not used otherwise.
    /// </summary>
    public string? ServiceKey { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public void Validate() => OptionsValidation.ThrowIfAny(GetFailures());

    /// <summary>Every invalid setting (at most one failure per setting), in the order <see cref="Validate"/> checks them.</summary>
    internal IEnumerable<OptionsFailure> GetFailures()
    {
        if (BucketNameProblem(Bucket) is { } bucket)
        {
            yield return new(nameof(Bucket), bucket);
        }

        if (UrlExpiry <= TimeSpan.Zero || UrlExpiry > MaxUrlExpiry)
        {
            yield return new(nameof(UrlExpiry),
                $"{nameof(UrlExpiry)} must be more than 0 and at most 7 days (the S3 presigned URL limit), not {UrlExpiry}.");
        }

        if (!Enum.IsDefined(ServerSideEncryption))
        {
            yield return new(nameof(ServerSideEncryption),
                $"{nameof(ServerSideEncryption)} has an unknown value {(int)ServerSideEncryption}.");
        }

        if (KmsKeyId is not null && ServerSideEncryption != S3ServerSideEncryption.Kms)
        {
            yield return new(nameof(KmsKeyId),
                $"{nameof(KmsKeyId)} is only valid when {nameof(ServerSideEncryption)} is {nameof(S3ServerSideEncryption.Kms)}.");
        }
        else if (KmsKeyId is not null && string.IsNullOrWhiteSpace(KmsKeyId))
        {
            yield return new(nameof(KmsKeyId), $"{nameof(KmsKeyId)} must not be empty; leave it null for the aws/s3 key.");
        }

        if (MultipartPartSize < MinMultipartPartSize)
        {
            yield return new(nameof(MultipartPartSize),
                $"{nameof(MultipartPartSize)} must be at least {MinMultipartPartSize} bytes (5 MiB, the S3 minimum), not {MultipartPartSize}.");
        }
    }

    // The rules for general purpose buckets (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html),
    // relaxed where S3-compatible stores and legacy buckets allow more: upper case and underscores are accepted.
    private static string? BucketNameProblem(string? bucket)
    {
        if (string.IsNullOrWhiteSpace(bucket))
        {
            return $"{nameof(Bucket)} is required.";
        }

        if (bucket.Length is < 3 or > 255)
        {
            return $"{nameof(Bucket)} must be 3 to 63 characters long (up to 255 for legacy buckets), not {bucket.Length}: '{bucket}'.";
        }

        if (!bucket.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
        {
            return $"{nameof(Bucket)} may hold only letters, digits, '-', '.' and '_': '{bucket}'.";
        }

        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            return $"{nameof(Bucket)} must begin and end with a letter or digit: '{bucket}'.";
        }

        return null;
    }
}
