namespace Chat.DataLayer;

/// <summary>Implemented by storage clients that can tell whether their bucket or container is reachable.</summary>
public interface IStorageHealthProbe
{
    /// <summary>A short description of the store, such as <c>s3://bucket</c>, for health reports.</summary>
    string StorageDescription { get; }

    /// <summary>Checks that the bucket or container exists and is reachable.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    Task<bool> StorageExistsAsync(CancellationToken cancellationToken = default);
}
