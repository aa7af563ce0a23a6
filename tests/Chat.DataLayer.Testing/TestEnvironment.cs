namespace Chat.DataLayer.Testing;

/// <summary>
/// Environment switches shared by the emulator fixtures.
/// </summary>
public static class TestEnvironment
{
    /// <summary>
    /// <see langword="true"/> when the <c>CI</c> environment variable is <c>true</c> or <c>1</c>. Under CI an
    /// emulator that cannot be found or started fails the tests instead of skipping them, so a broken install
    /// step cannot look green.
    /// </summary>
    public static bool IsCi { get; } = IsTruthy(Environment.GetEnvironmentVariable("CI"));

    /// <summary>
    /// Name of the variable that turns the Testcontainers path off (<c>0</c>, <c>false</c>, <c>off</c> or
    /// <c>no</c>), for users who have Docker but want the npm emulators.
    /// </summary>
    public const string TestcontainersVariable = "CHAT_DATALAYER_TESTCONTAINERS";

    /// <summary>
    /// Name of the variable that points at the folder holding the emulators' <c>package.json</c> and
    /// <c>node_modules</c> (default: <c>eng/emulators</c> of the repository).
    /// </summary>
    public const string EmulatorsDirectoryVariable = Emulators.EmulatorProcess.EmulatorsDirectoryVariable;

    internal static string? GetVariable(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    internal static bool TestcontainersDisabled
    {
        get
        {
            var value = GetVariable(TestcontainersVariable);
            return value is not null
                && (value.Equals("0", StringComparison.Ordinal)
                    || value.Equals("false", StringComparison.OrdinalIgnoreCase)
                    || value.Equals("off", StringComparison.OrdinalIgnoreCase)
                    || value.Equals("no", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static bool IsTruthy(string? value) =>
        value is not null
        && (value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || value.Trim() == "1");
}
