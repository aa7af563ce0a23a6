using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Chat.DataLayer.AI.Internal;

/// <summary>
/// Writes <see cref="ChatMessage"/>s as Chainlit steps and elements (with the exact form in step metadata) and reads
/// them back. The layout is described in docs/design.md, "Microsoft.Extensions.AI and Agent Framework".
/// </summary>
internal static class ChatMessageStore
{
    /// <summary>The step metadata key holding this package's block.</summary>
    public const string MetadataKey = "chat.datalayer.ai";

    /// <summary>The placeholder scheme that replaces a data URI whose bytes went to an element.</summary>
    public const string ElementUriScheme = "chat-datalayer-element:";

    private const int Version = 1;
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    });

    /// <summary>Extra facts about one message that the message itself does not carry.</summary>
    /// <param name="Status"><c>cancelled</c> or <c>failed</c> for a stream that did not finish.</param>
    /// <param name="Generation">Chainlit's <c>generation</c> for the step (the response's usage and model).</param>
    /// <param name="Position">Where the message goes in the thread, when it was reserved earlier (a streamed message).</param>
    internal sealed record StepHints(string? Status, JsonObject? Generation, (DateTimeOffset At, string Order)? Position = null);

    /// <summary>What is already stored in a thread, as far as writing messages is concerned.</summary>
    internal sealed class ThreadState
    {
        public HashSet<string> Complete { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (DateTimeOffset At, string Order)> Placeholders { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> ToolStepByCallId { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? LastAt { get; set; }
    }

    public static async Task<ThreadState> LoadStateAsync(IDataLayer dataLayer, string threadId, CancellationToken cancellationToken)
    {
        var state = new ThreadState();
        var thread = await dataLayer.GetThreadAsync(threadId, cancellationToken).ConfigureAwait(false);
        foreach (var step in thread?.Steps ?? [])
        {
            var block = Block(step);
            if (block is null)
            {
                if (StepTypes.IsActivityMessage(step.Type) || step.Type == StepTypes.SystemMessage)
                {
                    Later(state, step.CreatedAt);
                }

                continue;
            }

            var kind = (string?)block["kind"];
            if (kind == "tool")
            {
                if ((string?)block["callId"] is { } callId)
                {
                    state.ToolStepByCallId[callId] = step.Id;
                }

                if (block["result"] is JsonObject result && (string?)result["id"] is { } resultId)
                {
                    state.Complete.Add(resultId);
                    Later(state, ParseAt(result["at"]));
                }

                continue;
            }

            var at = ParseAt(block["at"]) ?? step.CreatedAt;
            Later(state, at);
            if (block["message"] is not null)
            {
                state.Complete.Add(step.Id);
            }
            else
            {
                state.Placeholders[step.Id] = (at ?? DateTimeOffset.UnixEpoch, (string?)block["order"] ?? "");
            }
        }

        return state;
    }

    /// <summary>
    /// Writes the messages that are not stored yet. Per message: its element files first, then its tool steps, then the
    /// step holding its exact form (so a retry after a failure redoes all of it; a message counts as stored only once
    /// that last write happened).
    /// </summary>
    /// <remarks><c>hints</c>: a status (<c>cancelled</c>, <c>failed</c>) and a generation to record on a message, by its id.</remarks>
    /// <returns>The thread's state after the writes.</returns>
    public static async Task<ThreadState> WriteAsync(IDataLayer dataLayer, string threadId, IReadOnlyList<ChatMessage> messages,
        TimeProvider timeProvider, Func<string, ChatMessage, StepHints?>? hints, CancellationToken cancellationToken)
    {
        var state = await LoadStateAsync(dataLayer, threadId, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var batch = now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < messages.Count; index++)
        {
            var message = messages[index] ?? throw new ArgumentException("The messages contain null.", nameof(messages));
            var json = MessageJson.Serialize(message);
            var exact = json.ToJsonString();
            var id = MessageIds.Known(threadId, message);
            if (id is null)
            {
                seen.TryGetValue(exact, out var occurrence);
                seen[exact] = occurrence + 1;
                id = MessageIds.Derive(threadId, occurrence, exact);
            }

            if (state.Complete.Contains(id))
            {
                continue;
            }

            var hint = hints?.Invoke(id, message);
            DateTimeOffset at;
            string order;
            if (state.Placeholders.TryGetValue(id, out var placeholder))
            {
                (at, order) = placeholder;
            }
            else if (hint?.Position is { } position)
            {
                (at, order) = position;
            }
            else
            {
                at = Truncate(message.CreatedAt ?? now);
                if (state.LastAt is { } last && at <= last)
                {
                    at = last + Microsecond;
                }

                order = batch + "." + index.ToString("D6", CultureInfo.InvariantCulture);
            }

            await WriteMessageAsync(dataLayer, threadId, id, message, json, at, order, hint, state, cancellationToken).ConfigureAwait(false);
            state.Complete.Add(id);
            state.Placeholders.Remove(id);
            Later(state, at);
        }

        return state;
    }

    /// <summary>The next position in a thread: not before <paramref name="now"/>, after the thread's latest message.</summary>
    public static (DateTimeOffset At, string Order) NextPosition(ThreadState state, DateTimeOffset now)
    {
        var at = Truncate(now);
        if (state.LastAt is { } last && at <= last)
        {
            at = last + Microsecond;
        }

        Later(state, at);
        return (at, now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + ".000000");
    }

    /// <summary>Writes the step of an assistant message that is still streaming (no exact form yet).</summary>
    public static Task WritePlaceholderAsync(IDataLayer dataLayer, string threadId, string id, string? authorName,
        DateTimeOffset at, string order, CancellationToken cancellationToken) =>
        dataLayer.CreateStepAsync(new Step
        {
            Id = id,
            ThreadId = threadId,
            Type = StepTypes.AssistantMessage,
            Name = authorName ?? DefaultName(ChatRole.Assistant),
            CreatedAt = at,
            Start = at,
            Streaming = true,
            Metadata = new JsonObject
            {
                [MetadataKey] = new JsonObject
                {
                    ["v"] = Version,
                    ["kind"] = "message",
                    ["role"] = ChatRole.Assistant.Value,
                    ["id"] = id,
                    ["at"] = ChainlitTimestamp.Format(at),
                    ["order"] = order,
                    ["status"] = "streaming",
                },
            },
        }, cancellationToken);

    private static async Task WriteMessageAsync(IDataLayer dataLayer, string threadId, string id, ChatMessage message,
        JsonObject json, DateTimeOffset at, string order, StepHints? hint, ThreadState state, CancellationToken cancellationToken)
    {
        var status = hint?.Status;
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        var asToolResults = message.Role == ChatRole.Tool && results.Count > 0 && results.Count == message.Contents.Count
            && results.All(r => r.CallId is not null && state.ToolStepByCallId.ContainsKey(r.CallId));
        var holderId = asToolResults ? state.ToolStepByCallId[results[0].CallId] : id;

        await OffloadDataAsync(dataLayer, threadId, id, holderId, json, cancellationToken).ConfigureAwait(false);
        var record = new JsonObject
        {
            ["id"] = id,
            ["at"] = ChainlitTimestamp.Format(at),
            ["order"] = order,
            ["message"] = json.ToJsonString(),
        };
        if (status is not null)
        {
            record["status"] = status;
        }

        if (asToolResults)
        {
            // The tool message has no step of its own: each result completes its call's tool step, and the first of
            // those steps carries the message's exact form so the tool message is rebuilt in its place on read.
            for (var i = results.Count - 1; i >= 0; i--)
            {
                var result = results[i];
                var toolStepId = state.ToolStepByCallId[result.CallId];
                var step = new Step
                {
                    Id = toolStepId,
                    ThreadId = threadId,
                    Output = ResultText(result),
                    IsError = IsError(result) ? true : null,
                    End = at,
                };
                if (i == 0)
                {
                    step.Metadata = new JsonObject
                    {
                        [MetadataKey] = new JsonObject
                        {
                            ["v"] = Version,
                            ["kind"] = "tool",
                            ["callId"] = result.CallId,
                            ["result"] = record,
                        },
                    };
                }

                await dataLayer.UpdateStepAsync(step, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await WriteLinksAsync(dataLayer, threadId, id, message, cancellationToken).ConfigureAwait(false);
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        for (var k = 0; k < calls.Count; k++)
        {
            var call = calls[k];
            var toolStepId = id + ":tool:" + k.ToString(CultureInfo.InvariantCulture);
            await dataLayer.CreateStepAsync(new Step
            {
                Id = toolStepId,
                ThreadId = threadId,
                ParentId = id,
                Type = StepTypes.Tool,
                Name = call.Name,
                Input = ArgumentsJson(call),
                ShowInput = ShowInput.FromLanguage("json"),
                CreatedAt = at,
                Start = at,
                Streaming = false,
                Metadata = new JsonObject
                {
                    [MetadataKey] = new JsonObject { ["v"] = Version, ["kind"] = "tool", ["callId"] = call.CallId },
                },
            }, cancellationToken).ConfigureAwait(false);
            if (call.CallId is not null)
            {
                state.ToolStepByCallId[call.CallId] = toolStepId;
            }
        }

        var block = new JsonObject
        {
            ["v"] = Version,
            ["kind"] = "message",
            ["role"] = message.Role.Value,
        };
        foreach (var (key, value) in record)
        {
            block[key] = value?.DeepClone();
        }

        var errors = message.Contents.OfType<ErrorContent>().ToList();
        var text = message.Text;
        if (string.IsNullOrEmpty(text) && errors.Count > 0)
        {
            text = string.Join("\n", errors.Select(e => e.Message));
        }

        await dataLayer.CreateStepAsync(new Step
        {
            Id = id,
            ThreadId = threadId,
            Type = StepType(message.Role),
            Name = message.AuthorName ?? DefaultName(message.Role),
            Output = text,
            CreatedAt = at,
            Start = at,
            End = at,
            Streaming = false,
            IsError = errors.Count > 0 || status == "failed" ? true : null,
            Generation = hint?.Generation ?? Generation(message),
            Metadata = new JsonObject { [MetadataKey] = block },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the bytes of every base64 data URI in the message JSON to an element, leaving a reference.</summary>
    private static async Task OffloadDataAsync(IDataLayer dataLayer, string threadId, string id, string forId, JsonNode node,
        CancellationToken cancellationToken)
    {
        var targets = new List<JsonObject>();
        Collect(node, targets);
        for (var n = 0; n < targets.Count; n++)
        {
            var target = targets[n];
            var uri = (string)target["uri"]!;
            var data = new DataContent(uri);
            var comma = uri.IndexOf(',', StringComparison.Ordinal);
            var header = uri[..comma];
            var elementId = id + "-data-" + n.ToString(CultureInfo.InvariantCulture);
            var mime = data.MediaType;
            using var content = new MemoryStream(data.Data.ToArray(), writable: false);
            await dataLayer.CreateElementAsync(new Element
            {
                Id = elementId,
                ThreadId = threadId,
                ForId = forId,
                Type = ElementType(mime),
                Name = (string?)target["name"] ?? elementId,
                Display = "inline",
                Mime = mime,
            }, content, cancellationToken).ConfigureAwait(false);
            target["uri"] = ElementUriScheme + Uri.EscapeDataString(elementId) + "#" + header;
        }
    }

    private static void Collect(JsonNode? node, List<JsonObject> targets)
    {
        switch (node)
        {
            case JsonObject obj:
                if ((obj["$type"] as JsonValue)?.TryGetValue<string>(out var type) == true && type == "data"
                    && (obj["uri"] as JsonValue)?.TryGetValue<string>(out var uri) == true
                    && uri.StartsWith("data:", StringComparison.Ordinal)
                    && uri.IndexOf(',', StringComparison.Ordinal) is var comma and > 0
                    && uri.AsSpan(0, comma).EndsWith(";base64", StringComparison.Ordinal))
                {
                    targets.Add(obj);
                    return;
                }

                foreach (var (_, value) in obj)
                {
                    Collect(value, targets);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, targets);
                }

                break;
        }
    }

    private static async Task WriteLinksAsync(IDataLayer dataLayer, string threadId, string id, ChatMessage message,
        CancellationToken cancellationToken)
    {
        var n = 0;
        foreach (var uri in message.Contents.OfType<UriContent>())
        {
            var elementId = id + "-uri-" + n++.ToString(CultureInfo.InvariantCulture);
            await dataLayer.CreateElementAsync(new Element
            {
                Id = elementId,
                ThreadId = threadId,
                ForId = id,
                Type = ElementType(uri.MediaType),
                Name = uri.Uri.Segments.LastOrDefault() is { Length: > 0 } last && last != "/" ? Uri.UnescapeDataString(last) : elementId,
                Display = "inline",
                Mime = uri.MediaType,
                Url = uri.Uri.ToString(),
            }, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a thread's messages, oldest first.</summary>
    public static async Task<IReadOnlyList<ChatMessage>> ReadAsync(IDataLayer dataLayer, string threadId, ChatMessageReadOptions options,
        CancellationToken cancellationToken)
    {
        var thread = await dataLayer.GetThreadAsync(threadId, cancellationToken).ConfigureAwait(false);
        if (thread is null)
        {
            return [];
        }

        var elements = thread.Elements.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var records = new List<(DateTimeOffset At, string Order, string Id, Func<Task<ChatMessage>> Build)>();
        var projectedToolSteps = thread.Steps.Where(s => s.Type == StepTypes.Tool && s.ParentId is not null && Block(s) is null)
            .ToLookup(s => s.ParentId!, StringComparer.Ordinal);
        foreach (var step in thread.Steps)
        {
            var block = Block(step);
            if (block is not null)
            {
                var kind = (string?)block["kind"];
                var record = kind == "tool" ? block["result"] as JsonObject : kind == "message" ? block : null;
                if (record?["message"] is JsonValue messageValue && messageValue.TryGetValue<string>(out var messageText))
                {
                    var recordId = (string?)record["id"] ?? step.Id;
                    records.Add((ParseAt(record["at"]) ?? step.CreatedAt ?? DateTimeOffset.UnixEpoch, (string?)record["order"] ?? "", recordId,
                        () => RestoreAsync(threadId, recordId, messageText, elements, options, cancellationToken)));
                }
                else if (kind == "message")
                {
                    // Still streaming (or a stream whose process died): what the projection holds.
                    var message = Project(step, thread.Elements, []);
                    if (message is not null)
                    {
                        records.Add((ParseAt(block["at"]) ?? step.CreatedAt ?? DateTimeOffset.UnixEpoch, (string?)block["order"] ?? "", step.Id,
                            () => Task.FromResult(message)));
                    }
                }

                continue;
            }

            var tools = projectedToolSteps[step.Id].OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
            var projected = Project(step, thread.Elements, tools);
            if (projected is null)
            {
                continue;
            }

            var stepAt = step.CreatedAt ?? DateTimeOffset.UnixEpoch;
            records.Add((stepAt, "", step.Id, () => Task.FromResult(projected)));
            if (tools.Count > 0)
            {
                var toolMessage = new ChatMessage(ChatRole.Tool,
                    [.. tools.Select(t => (AIContent)new FunctionResultContent(t.Id, t.Output ?? ""))]);
                records.Add((stepAt, "~", step.Id + ":results", () => Task.FromResult(toolMessage)));
            }
        }

        var ordered = records.OrderBy(r => r.At).ThenBy(r => r.Order, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal);
        var messages = new List<ChatMessage>(records.Count);
        foreach (var record in ordered)
        {
            var message = await record.Build().ConfigureAwait(false);
            message.RawRepresentation = new StoredMessageReference(threadId, record.Id);
            messages.Add(message);
        }

        return messages;
    }

    private static async Task<ChatMessage> RestoreAsync(string threadId, string id, string messageText, Dictionary<string, Element> elements,
        ChatMessageReadOptions options, CancellationToken cancellationToken)
    {
        var node = JsonNode.Parse(messageText)!.AsObject();
        var targets = new List<JsonObject>();
        CollectReferences(node, targets);
        foreach (var target in targets)
        {
            var reference = (string)target["uri"]!;
            var hash = reference.IndexOf('#', StringComparison.Ordinal);
            var elementId = Uri.UnescapeDataString(reference[ElementUriScheme.Length..hash]);
            var header = reference[(hash + 1)..];
            if (!elements.TryGetValue(elementId, out var element) || string.IsNullOrEmpty(element.Url))
            {
                ReplaceWith(target, new ErrorContent($"The file of element '{elementId}' is missing from thread '{threadId}'.") { ErrorCode = "chat_datalayer_element_missing" });
                continue;
            }

            if (!options.DownloadData)
            {
                var mime = header.StartsWith("data:", StringComparison.Ordinal) ? header[5..].Split(';')[0] : element.Mime;
                ReplaceWith(target, new UriContent(element.Url, string.IsNullOrEmpty(mime) ? "application/octet-stream" : mime));
                continue;
            }

            var http = options.HttpClient ?? SharedHttp.Value;
            byte[] bytes;
            try
            {
                bytes = await http.GetByteArrayAsync(new Uri(element.Url), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new DataLayerException($"Reading the file of element '{elementId}' of message '{id}' failed.", ex);
            }

            target["uri"] = header + "," + Convert.ToBase64String(bytes);
        }

        return MessageJson.Deserialize(node);
    }

    private static void ReplaceWith(JsonObject target, AIContent content)
    {
        var replacement = JsonSerializer.SerializeToNode(content, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(AIContent)))!.AsObject();
        target.Clear();
        foreach (var (key, value) in replacement.ToList())
        {
            replacement.Remove(key);
            target[key] = value;
        }
    }

    private static void CollectReferences(JsonNode? node, List<JsonObject> targets)
    {
        switch (node)
        {
            case JsonObject obj:
                if ((obj["$type"] as JsonValue)?.TryGetValue<string>(out var type) == true && type == "data"
                    && (obj["uri"] as JsonValue)?.TryGetValue<string>(out var uri) == true
                    && uri.StartsWith(ElementUriScheme, StringComparison.Ordinal) && uri.Contains('#', StringComparison.Ordinal))
                {
                    targets.Add(obj);
                    return;
                }

                foreach (var (_, value) in obj)
                {
                    CollectReferences(value, targets);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectReferences(item, targets);
                }

                break;
        }
    }

    /// <summary>A message from the Chainlit projection alone (a thread Chainlit's Python layer wrote); <see langword="null"/> for steps that are not messages.</summary>
    internal static ChatMessage? Project(Step step, IEnumerable<Element> elements, IReadOnlyList<Step> toolSteps)
    {
        ChatRole role;
        switch (step.Type)
        {
            case StepTypes.UserMessage:
                role = ChatRole.User;
                break;
            case StepTypes.AssistantMessage:
                role = ChatRole.Assistant;
                break;
            case StepTypes.SystemMessage:
                role = ChatRole.System;
                break;
            default:
                if (Block(step) is { } block && (string?)block["role"] is { Length: > 0 } stored)
                {
                    role = new ChatRole(stored);
                    break;
                }

                return null;
        }

        var contents = new List<AIContent>();
        if (!string.IsNullOrEmpty(step.Output))
        {
            contents.Add(new TextContent(step.Output));
        }

        foreach (var element in elements.Where(e => e.ForId == step.Id && !string.IsNullOrEmpty(e.Url)))
        {
            contents.Add(new UriContent(element.Url!, string.IsNullOrEmpty(element.Mime) ? "application/octet-stream" : element.Mime));
        }

        foreach (var tool in toolSteps)
        {
            contents.Add(new FunctionCallContent(tool.Id, tool.Name ?? "tool", ParseArguments(tool.Input)));
        }

        return new ChatMessage(role, contents)
        {
            AuthorName = step.Name,
            CreatedAt = step.CreatedAt,
            MessageId = step.Id,
        };
    }

    private static Dictionary<string, object?>? ParseArguments(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(input) is JsonObject obj)
            {
                return obj.ToDictionary(p => p.Key, p => (object?)JsonSerializer.Deserialize<JsonElement>(p.Value?.ToJsonString() ?? "null"), StringComparer.Ordinal);
            }
        }
        catch (JsonException)
        {
            // Not JSON: passed on as one argument.
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["input"] = input };
    }

    internal static JsonObject? Block(Step step) => step.Metadata?[MetadataKey] as JsonObject;

    internal static string StepType(ChatRole role) =>
        role == ChatRole.User ? StepTypes.UserMessage
        : role == ChatRole.Assistant ? StepTypes.AssistantMessage
        : role == ChatRole.System ? StepTypes.SystemMessage
        : role == ChatRole.Tool ? StepTypes.Tool
        : StepTypes.Undefined;

    private static string DefaultName(ChatRole role) =>
        role == ChatRole.User ? "User"
        : role == ChatRole.Assistant ? "Assistant"
        : role == ChatRole.System ? "System"
        : role.Value;

    internal static string ElementType(string? mime) =>
        mime is null ? ElementTypes.File
        : mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? ElementTypes.Image
        : mime.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? ElementTypes.Audio
        : mime.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? ElementTypes.Video
        : mime.Equals("application/pdf", StringComparison.OrdinalIgnoreCase) ? ElementTypes.Pdf
        : ElementTypes.File;

    /// <summary>Chainlit's <c>generation</c> token counts from the message's usage content; <see langword="null"/> without usage.</summary>
    internal static JsonObject? Generation(ChatMessage message)
    {
        var usage = message.Contents.OfType<UsageContent>().Select(u => u.Details).ToList();
        if (usage.Count == 0)
        {
            return null;
        }

        var total = new UsageDetails();
        foreach (var details in usage)
        {
            total.Add(details);
        }

        return Generation(total);
    }

    internal static JsonObject Generation(UsageDetails usage)
    {
        var generation = new JsonObject();
        void Put(string name, long? value)
        {
            if (value is { } v)
            {
                generation[name] = v;
            }
        }

        Put("inputTokenCount", usage.InputTokenCount);
        Put("outputTokenCount", usage.OutputTokenCount);
        Put("tokenCount", usage.TotalTokenCount ?? (usage.InputTokenCount + usage.OutputTokenCount));
        Put("cachedInputTokenCount", usage.CachedInputTokenCount);
        Put("reasoningTokenCount", usage.ReasoningTokenCount);
        return generation;
    }

    private static string ArgumentsJson(FunctionCallContent call) =>
        call.Arguments is null
            ? "{}"
            : JsonSerializer.SerializeToNode(call.Arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)))?.ToJsonString() ?? "{}";

    internal static string ResultText(FunctionResultContent result)
    {
        switch (result.Result)
        {
            case null:
                return result.Exception?.Message ?? "";
            case string text:
                return text;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return element.GetString() ?? "";
            case ErrorContent error:
                return error.Message;
            case var value:
                try
                {
                    // Compact: AIJsonUtilities.DefaultOptions indents.
                    return JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()))?.ToJsonString() ?? "null";
                }
                catch (NotSupportedException)
                {
                    return value.ToString() ?? "";
                }
        }
    }

    private static bool IsError(FunctionResultContent result) => result.Exception is not null || result.Result is ErrorContent;

    private static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % 10), TimeSpan.Zero);
    }

    private static DateTimeOffset? ParseAt(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && ChainlitTimestamp.TryParse(text, out var at) ? at : null;

    private static void Later(ThreadState state, DateTimeOffset? at)
    {
        if (at is { } value && (state.LastAt is null || value > state.LastAt))
        {
            state.LastAt = value;
        }
    }
}
