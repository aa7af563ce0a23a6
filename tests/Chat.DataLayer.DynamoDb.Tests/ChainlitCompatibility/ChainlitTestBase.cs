using Chat.DataLayer.Testing;
using Xunit;

namespace Chat.DataLayer.DynamoDb.Tests.ChainlitCompatibility;

/// <summary>
/// Shared set-up of the tests on the table Chainlit's Python layer wrote (<see cref="ChainlitTable"/>): the data layer
/// of <see cref="DataLayerTestBase"/> on the system clock, and a list of differences reported all at once.
/// </summary>
public abstract class ChainlitTestBase(DynamoDbServerFixture server, ChainlitTable table) : DataLayerTestBase(server, table)
{
    /// <summary>The differences from Chainlit's items found so far; <see cref="AssertNoProblems"/> reports them.</summary>
    protected List<string> Problems { get; } = [];

    /// <inheritdoc />
    protected override void ConfigureLayer(DynamoDbDataLayerOptions options) => options.TimeProvider = TimeProvider.System;

    /// <summary>Fails with every difference found (the first 60), or passes when there is none.</summary>
    protected void AssertNoProblems() =>
        Assert.True(Problems.Count == 0, $"{Problems.Count} difference(s) from Chainlit's items:\n" + string.Join("\n", Problems.Take(60)));
}
