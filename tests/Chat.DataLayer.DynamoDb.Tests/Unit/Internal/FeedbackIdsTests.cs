using Chat.DataLayer.DynamoDb.Internal;
using Xunit;

namespace Chat.DataLayer.Tests.Internal;

public sealed class FeedbackIdsTests
{
    [Fact]
    public void Format_IsChainlitsFeedbackId()
    {
        Assert.Equal("THREAD#t-1::STEP#s-1", FeedbackIds.Format("t-1", "s-1"));
    }

    [Theory]
    // Ids made of the very characters Chainlit's str.strip("THREAD#") / strip("STEP#") would eat.
    [InlineData("THREAD-HEAD", "SPET#1")]
    [InlineData("ADA7F1E2-1C3B-4A5D-9E8F-0123456789AE", "E4C1B2A0-9D8C-4B7A-8F6E-5D4C3B2A1F0E")]
    [InlineData("#", "#")]
    [InlineData("THREAD#", "STEP#")]
    [InlineData("a::", "STEP#b")]
    [InlineData("a::STEP", "#b")]
    [InlineData("a:", "b:")]
    [InlineData("zoë 🚀", "步骤")]
    public void Parse_FormattedId_ReturnsExactlyTheIds(string threadId, string stepId)
    {
        Assert.True(FeedbackIds.IsUnambiguous(threadId, stepId));

        var (parsedThread, parsedStep) = FeedbackIds.Parse(FeedbackIds.Format(threadId, stepId), "feedbackId");

        Assert.Equal(threadId, parsedThread);
        Assert.Equal(stepId, parsedStep);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("t-1")]
    [InlineData("STEP#s-1")]
    [InlineData("THREAD#t-1")]
    [InlineData("THREAD#t-1::STEP#")]
    [InlineData("THREAD#::STEP#s-1")]
    [InlineData("THREAD# ::STEP#s-1")]
    [InlineData("THREAD#t-1:: STEP#s-1")]
    [InlineData("thread#t-1::step#s-1")]
    [InlineData("THREAD#t-1::STEP#s-1::STEP#s-2")]
    [InlineData("xTHREAD#t-1::STEP#s-1")]
    public void Parse_MalformedId_ThrowsArgumentExceptionNamingTheParameter(string feedbackId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => FeedbackIds.Parse(feedbackId, "feedbackId"));

        Assert.Equal("feedbackId", error.ParamName);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => FeedbackIds.Parse(null!, "feedbackId"));
    }

    [Theory]
    [InlineData("a::STEP#b", "c")]
    [InlineData("a", "b::STEP#c")]
    [InlineData("::STEP#", "x")]
    public void IsUnambiguous_IdContainingTheSeparator_IsFalse(string threadId, string stepId)
    {
        Assert.False(FeedbackIds.IsUnambiguous(threadId, stepId));
    }

    [Fact]
    public void AmbiguityRule_TheTwoReadingsOfAnAmbiguousIdAreBothRejected()
    {
        // ("a::STEP#b", "c") and ("a", "b::STEP#c") would format to the same text.
        Assert.Equal(FeedbackIds.Format("a::STEP#b", "c"), FeedbackIds.Format("a", "b::STEP#c"));
        Assert.False(FeedbackIds.IsUnambiguous("a::STEP#b", "c"));
        Assert.False(FeedbackIds.IsUnambiguous("a", "b::STEP#c"));
        Assert.Throws<ArgumentException>(() => FeedbackIds.Parse(FeedbackIds.Format("a", "b::STEP#c"), "feedbackId"));
    }
}
