package dev.copilotj.test;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message of a recorded chat completion request.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text; array content is joined with newlines; {@code null} when the message has none
 *     (e.g. an assistant message that only calls tools)
 * @param toolCallId for {@code tool} messages, the id of the call this message answers
 * @param toolCalls for {@code assistant} messages, the tools the model asked for
 */
public record ChatMessage(
    String role,
    @Nullable String content,
    @Nullable String toolCallId,
    List<FakeReply.ToolCall> toolCalls) {

  /** Checks the components. */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    toolCalls = List.copyOf(toolCalls);
  }

  /** The content, or an empty string when there is none. */
  public String text() {
    return content == null ? "" : content;
  }
}
