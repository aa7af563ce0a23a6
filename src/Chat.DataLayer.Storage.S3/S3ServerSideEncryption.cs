namespace Chat.DataLayer.Storage.S3;

/// <summary>The server-side encryption <see cref="S3StorageClient"/> asks for when it writes an object.</summary>
public enum S3ServerSideEncryption
{
    /// <summary>No <c>x-amz-server-side-encryption</c> header: the bucket's default encryption applies.</summary>
    None = 0,

    /// <summary>SSE-S3 (<c>AES256</c>): keys managed by Amazon S3.</summary>
    S3Managed = 1,

    /// <summary>
    /// SSE-KMS (<c>aws:kms</c>): keys in AWS KMS, the key in <see cref="S3StorageOptions.KmsKeyId"/> or the account's
    /// <c>aws/s3</c> key. Readers of presigned URLs need no KMS permission; the signer needs <c>kms:Decrypt</c>.
    /// </summary>
    Kms = 2,
}
