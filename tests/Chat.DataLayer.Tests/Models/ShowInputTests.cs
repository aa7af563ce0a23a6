using System.Text.Json;
using Xunit;

namespace Chat.DataLayer.Tests.Models;

public sealed class ShowInputTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("\"json\"")]
    [InlineData("\"python\"")]
    [InlineData("\"\"")]
    [InlineData("\"true\"")]
    public void Json_RoundTripsWithItsKind(string json)
    {
        var value = JsonSerializer.Deserialize<ShowInput>(json);

        Assert.Equal(json, JsonSerializer.Serialize(value));
    }

    [Fact]
    public void Json_StringTrue_StaysALanguageNotAFlag()
    {
        var value = JsonSerializer.Deserialize<ShowInput>("\"true\"")!;

        Assert.True(value.IsLanguage);
        Assert.Null(value.Flag);
    }

    [Fact]
    public void Json_Null_IsNull()
    {
        Assert.Null(JsonSerializer.Deserialize<ShowInput>("null"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("{}")]
    [InlineData("[]")]
    public void Json_OtherKinds_ThrowJsonException(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ShowInput>(json));
    }

    [Fact]
    public void Conversions_FromBoolAndString()
    {
        ShowInput flag = false;
        ShowInput language = "json";

        Assert.Equal(false, flag.Flag);
        Assert.False(flag.IsShown);
        Assert.False(flag.IsLanguage);
        Assert.Equal("json", language.Language);
        Assert.True(language.IsShown);
        Assert.True(language.IsLanguage);
        Assert.Equal(ShowInput.FromBoolean(false), flag);
        Assert.Equal(ShowInput.FromLanguage("json"), language);
        Assert.NotEqual(ShowInput.FromLanguage("true"), ShowInput.FromBoolean(true));
    }

    [Fact]
    public void FromLanguage_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ShowInput.FromLanguage(null!));
    }
}
