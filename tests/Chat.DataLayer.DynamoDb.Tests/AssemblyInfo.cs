using Chat.DataLayer.Testing;
using Xunit;

// One DynamoDB endpoint (env URL, Testcontainers, or dynalite) for the whole test assembly; tests use
// DynamoDbServerFixture.UniqueTableName for isolation.
[assembly: AssemblyFixture(typeof(DynamoDbServerFixture))]
