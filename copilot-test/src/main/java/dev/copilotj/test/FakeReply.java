package dev.copilotj.test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One scripted answer of {@link FakeCopilotApi} to a chat completion request.
 *
 * <p>Create replies with the static factories and optionally delay them:
 *
 * <pre>{@code
 * fake.enqueue(
 *     FakeReply.toolCall("echo_upper", "{\"text\":\"hi\"}"),
 *     FakeReply.text("Done.").after(Duration.ofMillis(200)),
 *     FakeReply.error(400, "bad request"));
 * }</pre>
 */
public sealed interface FakeReply permits FakeReply.Text, FakeReply.ToolCalls, FakeReply.Error {

  /** How long the fake waits before it answers; {@link Duration#ZERO} for no wait. */
  Duration delay();

  /** Returns a copy of this reply that is sent only after {@code delay}. */
  FakeReply after(Duration delay);

  /** An assistant message with the given text ({@code finish_reason: stop}). */
  static Text text(String content) {
    return new Text(content, Duration.ZERO);
  }

  /**
   * An assistant message that calls one tool ({@code finish_reason: tool_calls}); the fake generates the
   * call id.
   *
   * @param name the tool name
   * @param argumentsJson the arguments as a JSON text, e.g. {@code {"text":"hello"}}
   */
  static ToolCalls toolCall(String name, String argumentsJson) {
    return new ToolCalls(List.of(ToolCall.of(name, argumentsJson)), Duration.ZERO);
  }

  /** An assistant message that calls several tools at once (parallel tool calls). */
  static ToolCalls toolCalls(ToolCall... calls) {
    return new ToolCalls(List.of(calls), Duration.ZERO);
  }

  /**
   * An HTTP error instead of a completion. How the real CLI (1.0.102) reacts: a 4xx other than 429 ends the turn
   * at once with {@code session.error}; a 5xx is retried after about half a second, up to 5 times (about 14 s in
   * all) before {@code session.error}; a 429 is retried after about 6 s. So one 5xx followed by a normal reply
   * tests recovery, and a 400 tests failure quickly.
   *
   * @param status an HTTP status from 400 to 599
   * @param message the error message put into the JSON error body
   */
  static Error error(int status, String message) {
    return new Error(status, message, Duration.ZERO);
  }

  /**
   * A text reply.
   *
   * @param content the assistant text
   * @param delay wait before answering
   */
  record Text(String content, Duration delay) implements FakeReply {
    /** Checks the components. */
    public Text {
      Objects.requireNonNull(content, "content");
      delay = checkDelay(delay);
    }

    @Override
    public Text after(Duration delay) {
      return new Text(content, delay);
    }
  }

  /**
   * A reply that asks the client to run one or more tools.
   *
   * @param calls the tool calls, in order; at least one
   * @param delay wait before answering
   */
  record ToolCalls(List<ToolCall> calls, Duration delay) implements FakeReply {
    /** Checks the components. */
    public ToolCalls {
      calls = List.copyOf(calls);
      if (calls.isEmpty()) {
        throw new IllegalArgumentException("a tool-call reply needs at least one call");
      }
      delay = checkDelay(delay);
    }

    @Override
    public ToolCalls after(Duration delay) {
      return new ToolCalls(calls, delay);
    }
  }

  /**
   * An HTTP error answer.
   *
   * @param status HTTP status, 400 to 599
   * @param message error message
   * @param delay wait before answering
   */
  record Error(int status, String message, Duration delay) implements FakeReply {
    /** Checks the components. */
    public Error {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("error status must be 400..599, was " + status);
      }
      Objects.requireNonNull(message, "message");
      delay = checkDelay(delay);
    }

    @Override
    public Error after(Duration delay) {
      return new Error(status, message, delay);
    }
  }

  /**
   * One tool call, as sent by the model or seen in a later request's assistant message.
   *
   * @param id the call id; {@code null} in a scripted reply lets the fake generate {@code call_fake_<n>}
   * @param name the tool name
   * @param arguments the arguments as a JSON text
   */
  record ToolCall(@Nullable String id, String name, String arguments) {
    /** Checks the components. */
    public ToolCall {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(arguments, "arguments");
    }

    /** A call whose id the fake generates. */
    public static ToolCall of(String name, String argumentsJson) {
      return new ToolCall(null, name, argumentsJson);
    }
  }

  private static Duration checkDelay(@Nullable Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return delay;
  }
}
