namespace Chat.DataLayer.Hosting;

/// <summary>
/// Registered once by each storage package's <c>Add…Storage</c> call, so the data layer's start-up validation can
/// tell the user when more than one storage client was registered.
/// </summary>
/// <param name="Name">The storage backend, such as <c>s3</c> or <c>azureblob</c>.</param>
public sealed record StorageClientRegistration(string Name);
