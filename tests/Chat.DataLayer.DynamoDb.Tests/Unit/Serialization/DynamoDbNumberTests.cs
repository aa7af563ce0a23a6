using Chat.DataLayer.DynamoDb.Serialization;
using Xunit;

namespace Chat.DataLayer.Tests.Serialization;

public sealed class DynamoDbNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("0E999999999999999999999")] // zero has no magnitude, whatever the exponent
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e0")]
    [InlineData("1E+125")]
    [InlineData("9.99E+125")]
    [InlineData("9.9999999999999999999999999999999999999E+125")] // 38 digits at the top exponent
    [InlineData("10E124")]
    [InlineData("1E-130")]
    [InlineData("-1E-130")]
    [InlineData("0.1E-129")]
    [InlineData("100000000000000000000000000000000000000000000000000")] // 1E50: trailing zeros are not significant
    [InlineData("0.000000000000000000000000000000000000000000000000001")] // leading zeros are not significant
    [InlineData("12345678901234567890123456789012345678")] // 38 significant digits
    [InlineData("1234567890123456789012345678901234567.8")] // 38 significant digits across the point
    public void Check_NumberDynamoDbCanHold_ReturnsNull(string text)
    {
        Assert.Null(DynamoDbNumber.Check(text));
    }

    [Theory]
    [InlineData("1E126")]
    [InlineData("10E125")]
    [InlineData("-1E126")]
    [InlineData("1E-131")]
    [InlineData("0.01E-129")]
    [InlineData("-1E-131")]
    [InlineData("1E99999999999999999999999")] // exponent beyond long
    [InlineData("123456789012345678901234567890123456789")] // 39 significant digits
    [InlineData("1.00000000000000000000000000000000000001")] // 39 significant digits
    public void Check_NumberOutsideDynamoDbLimits_ReturnsAReason(string text)
    {
        var reason = DynamoDbNumber.Check(text);

        Assert.NotNull(reason);
        Assert.Contains(text, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("01")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("+1")]
    [InlineData("1e")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData(" 1")]
    public void Check_TextThatIsNotAJsonNumber_ReturnsAReason(string text)
    {
        var reason = DynamoDbNumber.Check(text);

        Assert.NotNull(reason);
        Assert.Contains("not a JSON number", reason, StringComparison.Ordinal);
    }
}
