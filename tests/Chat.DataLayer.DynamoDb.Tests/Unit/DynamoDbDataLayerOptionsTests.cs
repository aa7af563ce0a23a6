using Chat.DataLayer.DynamoDb;
using Xunit;

namespace Chat.DataLayer.Tests;

public sealed class DynamoDbDataLayerOptionsTests
{
    [Fact]
    public void Validate_Defaults_WithATableName_Pass()
    {
        var options = new DynamoDbDataLayerOptions { TableName = "chainlit" };

        options.Validate();

        Assert.Equal(100, options.MaxPageSize);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ab")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("tablé")]
    [InlineData("t#1")]
    public void Validate_BadTableName_ThrowsArgumentExceptionNamingTableName(string name)
    {
        var options = new DynamoDbDataLayerOptions { TableName = name };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(DynamoDbDataLayerOptions.TableName), error.ParamName);
    }

    [Fact]
    public void Validate_TableNameOf256Characters_Throws()
    {
        var options = new DynamoDbDataLayerOptions { TableName = new string('t', 256) };

        Assert.Equal("TableName", Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("My_Table-1.v2")]
    public void Validate_GoodTableName_Passes(string name)
    {
        new DynamoDbDataLayerOptions { TableName = name }.Validate();
        new DynamoDbDataLayerOptions { TableName = new string('t', 255) }.Validate();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MaxPageSizeBelowOne_ThrowsArgumentExceptionNamingTheSetting(int size)
    {
        var options = new DynamoDbDataLayerOptions { TableName = "chainlit", MaxPageSize = size };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("MaxPageSize", error.ParamName);
        Assert.Contains("MaxPageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeMaxBatchRetries_ThrowsNamingTheSetting()
    {
        var options = new DynamoDbDataLayerOptions { TableName = "chainlit", MaxBatchRetries = -1 };

        Assert.Equal("MaxBatchRetries", Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public void Validate_NegativeBaseDelay_ThrowsNamingTheSetting()
    {
        var options = new DynamoDbDataLayerOptions { TableName = "chainlit", BatchRetryBaseDelay = TimeSpan.FromMilliseconds(-1) };

        Assert.Equal("BatchRetryBaseDelay", Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public void Validate_MaxDelayBelowBaseDelay_ThrowsNamingTheSettings()
    {
        var options = new DynamoDbDataLayerOptions
        {
            TableName = "chainlit",
            BatchRetryBaseDelay = TimeSpan.FromSeconds(2),
            BatchRetryMaxDelay = TimeSpan.FromSeconds(1),
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("BatchRetryMaxDelay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullTimeProvider_ThrowsNamingTheSetting()
    {
        var options = new DynamoDbDataLayerOptions { TableName = "chainlit", TimeProvider = null! };

        Assert.Equal("TimeProvider", Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }

    [Fact]
    public void DataLayerConstructor_InvalidOptions_ThrowsBeforeAnyRequest()
    {
        using var client = new Amazon.DynamoDBv2.AmazonDynamoDBClient(
            new Amazon.Runtime.BasicAWSCredentials("local", "local"),
            new Amazon.DynamoDBv2.AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-east-1" });

        var error = Assert.Throws<ArgumentException>(() => new DynamoDbDataLayer(client, new DynamoDbDataLayerOptions { TableName = "x" }));

        Assert.Equal("TableName", error.ParamName);
    }
}
