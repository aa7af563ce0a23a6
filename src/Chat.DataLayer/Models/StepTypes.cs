namespace Chat.DataLayer;

/// <summary>The step types Chainlit knows. <see cref="Step.Type"/> is a plain string so unknown types round-trip.</summary>
public static class StepTypes
{
    /// <summary>A message the user sent.</summary>
    public const string UserMessage = "user_message";

    /// <summary>A message the assistant sent.</summary>
    public const string AssistantMessage = "assistant_message";

    /// <summary>A system message.</summary>
    public const string SystemMessage = "system_message";

    /// <summary>A run of the application's handler.</summary>
    public const string Run = "run";

    /// <summary>A tool call.</summary>
    public const string Tool = "tool";

    /// <summary>An LLM call.</summary>
    public const string Llm = "llm";

    /// <summary>An embedding call.</summary>
    public const string Embedding = "embedding";

    /// <summary>A retrieval.</summary>
    public const string Retrieval = "retrieval";

    /// <summary>A re-ranking.</summary>
    public const string Rerank = "rerank";

    /// <summary>A step of no declared type.</summary>
    public const string Undefined = "undefined";

    /// <summary>Whether a step of this type is a message that counts as thread activity (user or assistant message).</summary>
    /// <param name="type">The step type.</param>
    public static bool IsActivityMessage(string? type) => type is UserMessage or AssistantMessage;
}
