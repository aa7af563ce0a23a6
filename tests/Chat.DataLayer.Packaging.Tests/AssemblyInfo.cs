using Chat.DataLayer.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(DynamoDbServerFixture))]
