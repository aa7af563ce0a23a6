using System.Text.Json.Nodes;
using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.Behaviour;

/// <summary>CreateUser is a login-safe upsert: id and creation time stay, display name and metadata change.</summary>
public sealed class UserTests(DynamoDbServerFixture server, TestTable table)
    : DataLayerTestBase(server, table), IClassFixture<TestTable>
{
    [Fact]
    public async Task CreateUser_ReturnsAPersistedUserWhoseIdIsItsIdentifier()
    {
        var identifier = NewId("alice@example.com-");
        var created = Clock.GetUtcNow();

        var user = await Layer.CreateUserAsync(new User { Identifier = identifier, DisplayName = "Alice", Metadata = new JsonObject { ["role"] = "admin" } }, Ct);

        Assert.Equal(identifier, user.Id);
        Assert.Equal(identifier, user.Identifier);
        Assert.Equal("Alice", user.DisplayName);
        Assert.Equal("""{"role":"admin"}""", user.Metadata.ToJsonString());
        Assert.Equal(created, user.CreatedAt);
        var read = await Layer.GetUserAsync(identifier, Ct);
        Assert.NotNull(read);
        Assert.Equal(identifier, read.Id);
        Assert.Equal(created, read.CreatedAt);
    }

    [Fact]
    public async Task CreateUser_ForExistingIdentifier_KeepsIdAndCreatedAt_UpdatesDisplayNameAndMetadata()
    {
        var identifier = NewId("bob-");
        var created = Clock.GetUtcNow();
        await Layer.CreateUserAsync(new User { Identifier = identifier, DisplayName = "Bob", Metadata = new JsonObject { ["a"] = 1, ["b"] = 2 } }, Ct);

        Clock.Advance(TimeSpan.FromDays(2));
        var again = await Layer.CreateUserAsync(new User { Identifier = identifier, DisplayName = "Robert", Metadata = new JsonObject { ["c"] = 3 } }, Ct);

        Assert.Equal(identifier, again.Id);
        Assert.Equal(created, again.CreatedAt);
        Assert.Equal("Robert", again.DisplayName);
        Assert.Equal("""{"c":3}""", again.Metadata.ToJsonString());
        var read = await Layer.GetUserAsync(identifier, Ct);
        Assert.Equal(created, read!.CreatedAt);
        Assert.Equal("Robert", read.DisplayName);
        Assert.Equal("""{"c":3}""", read.Metadata.ToJsonString());
        var item = await GetRawItemAsync("USER#" + identifier, "USER");
        Assert.Equal(identifier, item!["id"].S);
    }

    [Fact]
    public async Task GetUser_OfUnknownIdentifier_ReturnsNull()
    {
        Assert.Null(await Layer.GetUserAsync(NewId("nobody-"), Ct));
    }

    [Fact]
    public async Task CreateUser_WithAwkwardIdentifier_RoundTrips()
    {
        var identifier = "USER#" + NewId("ü/#::") + "#USER";

        var user = await Layer.CreateUserAsync(new User { Identifier = identifier }, Ct);

        Assert.Equal(identifier, user.Identifier);
        Assert.Equal(identifier, (await Layer.GetUserAsync(identifier, Ct))!.Identifier);
    }
}
