namespace Chat.DataLayer.Emulators;

/// <summary>
/// Thrown when an emulator cannot be started because something it needs is not installed (Node.js, or the
/// npm packages under <c>eng/emulators/node_modules</c>). Fixtures turn it into a skip locally and a failure
/// under CI. A started emulator that crashes or never listens raises <see cref="InvalidOperationException"/>
/// instead: that is a bug, not a missing install.
/// </summary>
public sealed class EmulatorUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EmulatorUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message that says how to install what is missing.</summary>
    public EmulatorUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public EmulatorUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
