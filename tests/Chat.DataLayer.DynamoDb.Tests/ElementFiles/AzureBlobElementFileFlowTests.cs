using System.Net;
using Chat.DataLayer.Storage.AzureBlob;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.ElementFiles;

/// <summary>The element lifecycle with files in Azure Blob Storage (Azurite by default).</summary>
public sealed class AzureBlobElementFileFlowTests(DynamoDbServerFixture dynamo, AzuriteFixture azurite)
    : ElementFileFlowTests(dynamo), IClassFixture<AzuriteFixture>
{
    private volatile bool _failDeletes;

    protected override Task<IStorageClient> CreateStorageAsync(RequestCounter counter)
    {
        azurite.EnsureAvailable();
        counter.Intercept = request =>
        {
            if (!_failDeletes || request.Method != HttpMethod.Delete)
            {
                return null;
            }

            var response = new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("") };
            response.Headers.Add("x-ms-error-code", "AuthorizationFailure");
            return response;
        };
        IStorageClient client = new AzureBlobStorageClient(azurite.CreateServiceClient(counter), new AzureBlobStorageOptions
        {
            ContainerName = AzuriteFixture.UniqueContainerName("files"),
            CreateContainerIfNotExists = true,
        });
        return Task.FromResult(client);
    }

    protected override void FailDeletes(bool fail) => _failDeletes = fail;
}
