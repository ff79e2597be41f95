package dev.copilotj.test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code POST /chat/completions} request as {@link FakeCopilotApi} received it.
 *
 * @param model the requested model id
 * @param messages the conversation, oldest first
 * @param toolNames names of the tools offered to the model (built-in CLI tools plus client tools)
 * @param stream whether the client asked for server-sent events
 * @param headers request headers, names in lower case, first value only
 * @param body the raw JSON body
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    List<String> toolNames,
    boolean stream,
    Map<String, String> headers,
    String body) {

  /** Checks the components. */
  public ChatRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    toolNames = List.copyOf(toolNames);
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A header value by case-insensitive name, or {@code null}. */
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The {@code x-client-session-id} header: the CLI session this model call belongs to. */
  public @Nullable String sessionId() {
    return header("x-client-session-id");
  }

  /** The {@code x-initiator} header: {@code user} for a prompt, {@code agent} for follow-up calls. */
  public @Nullable String initiator() {
    return header("x-initiator");
  }

  /** The last message, or {@code null} if there are none. */
  public @Nullable ChatMessage lastMessage() {
    return messages.isEmpty() ? null : messages.get(messages.size() - 1);
  }

  /** The last message with role {@code user}, or {@code null}. */
  public @Nullable ChatMessage lastUserMessage() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i);
      }
    }
    return null;
  }
}
