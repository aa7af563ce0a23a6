using Amazon.DynamoDBv2.Model;
using Chat.DataLayer.Diagnostics;
using Chat.DataLayer.DynamoDb.Internal;
using Chat.DataLayer.DynamoDb.Serialization;

namespace Chat.DataLayer.DynamoDb;

public sealed partial class DynamoDbDataLayer
{
    /// <inheritdoc />
    /// <remarks>One GetItem.</remarks>
    public async Task<PersistedUser?> GetUserAsync(string identifier, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("GetUser", null, identifier);
        try
        {
            return await GetUserCoreAsync(identifier, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<PersistedUser?> GetUserCoreAsync(string identifier, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        TableKeys.ValidateId(identifier, nameof(identifier), TableKeys.MaxPartitionKeyBytes);
        Log.Operation(_logger, "GetUser", null, identifier);
        var response = await _db.GetItemAsync(
            new GetItemRequest { TableName = _table, Key = TableKeys.UserKey(identifier), ConsistentRead = true },
            cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? UserItems.FromItem(item) : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One UpdateItem: <c>id</c> and <c>createdAt</c> are written only if absent (a login never resets them);
    /// display name and metadata are replaced.
    /// </remarks>
    public async Task<PersistedUser> CreateUserAsync(User user, CancellationToken cancellationToken = default)
    {
        using var scope = DataLayerTelemetry.StartOperation("CreateUser", null, user?.Identifier);
        try
        {
            return await CreateUserCoreAsync(user!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    private async Task<PersistedUser> CreateUserCoreAsync(User user, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(user);
        TableKeys.ValidateId(user.Identifier, nameof(user), TableKeys.MaxPartitionKeyBytes);
        Log.Operation(_logger, "CreateUser", null, user.Identifier);
        var u = new UpdateBuilder()
            .SetIfNotExists("id", S(user.Identifier))
            .Set("identifier", S(user.Identifier))
            .SetIfNotExists("createdAt", S(Now()))
            .Set("metadata", JsonAttributeConverter.ToAttributeValue(user.Metadata ?? [], "user.metadata"));
        if (user.DisplayName is not null)
        {
            u.Set(UserItems.DisplayName, S(user.DisplayName));
        }

        var request = u.ToRequest(_table, TableKeys.UserKey(user.Identifier));
        request.ReturnValues = Amazon.DynamoDBv2.ReturnValue.ALL_NEW;
        EnsureFits(request.ExpressionAttributeValues ?? [], "user", user.Identifier);
        var response = await TryUpdateAsync(request, "user", user.Identifier, cancellationToken).ConfigureAwait(false);
        return UserItems.FromItem(response!.Attributes);
    }
}
