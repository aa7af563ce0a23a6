using Chat.DataLayer.DynamoDb.Internal;
using Xunit;

namespace Chat.DataLayer.Tests.Internal;

public sealed class MimeTypesTests
{
    [Theory]
    [InlineData("image/png", "photo.jpg", "image/png")]
    [InlineData("application/x-custom", null, "application/x-custom")]
    [InlineData(null, "chart.png", "image/png")]
    [InlineData(null, "CHART.PNG", "image/png")]
    [InlineData(null, "photo.jpeg", "image/jpeg")]
    [InlineData(null, "report é.pdf", "application/pdf")]
    [InlineData("", "notes.md", "text/markdown")]
    [InlineData("  ", "data.csv", "text/csv")]
    [InlineData(null, "archive.tar.zip", "application/zip")]
    [InlineData(null, "sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    public void Resolve_GivenOrInferredType(string? mime, string? name, string expected)
    {
        Assert.Equal(expected, MimeTypes.Resolve(mime, name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("noextension")]
    [InlineData("file.unknownext")]
    [InlineData("trailingdot.")]
    [InlineData(".png.exe")]
    public void Resolve_NothingKnown_IsOctetStream(string? name)
    {
        Assert.Equal("application/octet-stream", MimeTypes.Resolve(null, name));
        Assert.Equal(MimeTypes.Default, MimeTypes.Resolve(null, name));
    }
}
