// Compiled into each package that has options (linked source), so that the options classes list their failures one
// way and the start-up validators report all of them without reading exception messages.
using Microsoft.Extensions.Options;

namespace Chat.DataLayer.Internal;

/// <summary>One invalid setting of an options class.</summary>
/// <param name="Setting">The setting's name, such as <c>TableName</c>.</param>
/// <param name="Message">Why it is invalid, naming the setting.</param>
internal readonly record struct OptionsFailure(string Setting, string Message);

/// <summary>Turns an options class's failures into its <c>Validate()</c> exception or a start-up validation result.</summary>
internal static class OptionsValidation
{
    /// <summary>Throws an <see cref="ArgumentException"/> for the first failure, with <see cref="ArgumentException.ParamName"/>
    /// the setting's name; does nothing when there is none.</summary>
    public static void ThrowIfAny(IEnumerable<OptionsFailure> failures)
    {
        foreach (var failure in failures)
        {
            throw new ArgumentException(failure.Message, failure.Setting);
        }
    }

    /// <summary>Every failure as <c>{prefix}{Setting}: {Message}</c>.</summary>
    public static List<string> Describe(IEnumerable<OptionsFailure> failures, string prefix) =>
        failures.Select(f => $"{prefix}{f.Setting}: {f.Message}").ToList();

    /// <summary>Success, or a failure listing every message.</summary>
    public static ValidateOptionsResult ToResult(List<string> messages) =>
        messages.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(messages);
}
