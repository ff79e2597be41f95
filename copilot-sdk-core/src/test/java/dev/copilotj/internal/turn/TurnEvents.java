package dev.copilotj.internal.turn;

import java.time.Instant;
import java.util.List;

import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantTurnEndEvent;
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.EventInfo;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import org.jspecify.annotations.Nullable;

/** Synthetic session events for the turn tests, shaped like the CLI's. */
final class TurnEvents {

  private TurnEvents() {
  }

  static EventInfo info(String sessionId) {
    return new EventInfo(sessionId, "e-" + System.nanoTime(), null, Instant.now(), false);
  }

  static UserMessageEvent userMessage(String sessionId, String prompt) {
    return new UserMessageEvent(info(sessionId), prompt, null, "m1", "i1", "0", "idle");
  }

  static AssistantTurnStartEvent turnStart(String sessionId) {
    return new AssistantTurnStartEvent(info(sessionId), "0", "i1");
  }

  static AssistantTurnEndEvent turnEnd(String sessionId) {
    return new AssistantTurnEndEvent(info(sessionId), "0");
  }

  static ToolExecutionStartEvent toolStart(String sessionId, String callId, @Nullable String model) {
    return new ToolExecutionStartEvent(info(sessionId), callId, "echo_upper", "{}", "0", model, null);
  }

  static AssistantUsageEvent usage(String sessionId, String model, long input, long output) {
    return new AssistantUsageEvent(info(sessionId), model, input, output, 0, 0, 1.0, 120, null, "user", "stop",
        "call", "{}");
  }

  static AssistantMessageEvent answer(String sessionId, String content) {
    return new AssistantMessageEvent(info(sessionId), "m2", content, List.of(), "m1", "claude-sonnet-4.5", "i1",
        "1", null);
  }

  static SessionErrorEvent error(String sessionId, String type) {
    return new SessionErrorEvent(info(sessionId), type, "Execution failed", 500, null, "m1");
  }

  static SessionIdleEvent idle(String sessionId) {
    return new SessionIdleEvent(info(sessionId), null);
  }
}
