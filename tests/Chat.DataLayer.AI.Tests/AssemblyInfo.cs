using Chat.DataLayer.Testing;
using Xunit;

// One DynamoDB endpoint for the whole assembly; each test class works in its own table.
[assembly: AssemblyFixture(typeof(DynamoDbServerFixture))]
