namespace Chat.DataLayer.DynamoDb.Files;

/// <summary>A read-only stream that fails with a <see cref="DataLayerException"/> once more than a given number of bytes
/// has been read from it (the shared <see cref="Chat.DataLayer.Internal.CountingReadStream"/> with this package's error).</summary>
internal sealed class LengthLimitedStream(Stream inner, long maxBytes) : Chat.DataLayer.Internal.CountingReadStream(
    inner, maxBytes, () => new DataLayerException($"The download is larger than the {maxBytes} bytes allowed; nothing was stored."));
