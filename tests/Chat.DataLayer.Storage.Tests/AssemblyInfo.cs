using Chat.DataLayer.Testing;
using Xunit;

// One S3 endpoint (env URL, Testcontainers/MinIO, or s3rver) and one Azure Blob endpoint (env connection string,
// Testcontainers/Azurite, or azurite-blob) for the whole assembly; each test class uses its own bucket/container.
[assembly: AssemblyFixture(typeof(S3ServerFixture))]
[assembly: AssemblyFixture(typeof(AzuriteFixture))]
