namespace Chat.DataLayer.AI.Internal;

/// <summary>
/// Set as <see cref="Microsoft.Extensions.AI.ChatMessage.RawRepresentation"/> on messages read from a thread, so that
/// writing them back (a framework re-sending history) finds the same step even when the message has no
/// <c>MessageId</c> and was changed on the way (Agent Framework tags history messages in their additional properties).
/// </summary>
/// <param name="ThreadId">The thread the message was read from.</param>
/// <param name="StepId">The message's id in that thread.</param>
internal sealed record StoredMessageReference(string ThreadId, string StepId);
