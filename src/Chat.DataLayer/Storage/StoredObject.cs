namespace Chat.DataLayer;

/// <summary>An object that an <see cref="IStorageClient"/> stored.</summary>
/// <param name="ObjectKey">The object's key.</param>
/// <param name="Url">A signed read URL.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ETag">The store's entity tag, when it gives one.</param>
/// <param name="ContentType">The content type the object was stored with.</param>
public sealed record StoredObject(string ObjectKey, string Url, long Size, string? ETag, string ContentType);
