using Chat.DataLayer.DynamoDb.Gateway;
using Chat.DataLayer.DynamoDb.Layout;

namespace Chat.DataLayer.DynamoDb.Operations;

/// <summary>Reads and writes user items.</summary>
internal sealed class UserOperations(DynamoDbGateway db, TimeProvider time)
{
    /// <summary>One GetItem.</summary>
    public async Task<PersistedUser?> GetAsync(string identifier, CancellationToken cancellationToken) =>
        await db.GetAsync(UserItems.Key(identifier), null, cancellationToken).ConfigureAwait(false) is { } item
            ? UserItems.FromItem(item)
            : null;

    /// <summary>One UpdateItem (see <see cref="UserItems.Upsert"/>).</summary>
    public async Task<PersistedUser> CreateAsync(User user, CancellationToken cancellationToken)
    {
        var request = UserItems.Upsert(user, time.GetUtcNow());
        DynamoDbGateway.EnsureFits(request.ExpressionAttributeValues ?? [], "user", user.Identifier);
        var response = await db.TryUpdateAsync(request, "user", user.Identifier, cancellationToken).ConfigureAwait(false);
        return UserItems.FromItem(response!.Attributes);
    }
}
