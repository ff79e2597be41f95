package dev.copilotj.internal.turn;

import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import org.jspecify.annotations.Nullable;

/**
 * What begins, fails and ends a turn, in one place. A turn is one busy period of a session: it begins with the
 * first {@code user.message}, {@code assistant.turn_start} or {@code tool.execution_start} while the session is
 * idle (the last two cover a session seen mid-turn), a {@code session.error} fails it, and {@code session.idle}
 * ends it. Prompts queued while it runs belong to it.
 */
public final class TurnRules {

  private TurnRules() {
  }

  /**
   * @param event an event of the session
   * @return whether it begins a turn when none is open
   */
  public static boolean begins(SessionEvent event) {
    return event instanceof UserMessageEvent || event instanceof AssistantTurnStartEvent
        || event instanceof ToolExecutionStartEvent;
  }

  /**
   * @param event an event of the session
   * @return whether it fails the open turn
   */
  public static boolean fails(SessionEvent event) {
    return event instanceof SessionErrorEvent;
  }

  /**
   * @param event an event of the session
   * @return whether it ends the open turn
   */
  public static boolean ends(SessionEvent event) {
    return event instanceof SessionIdleEvent;
  }

  /**
   * Whether a tracker looks at events of this wire type, so the rest need not be decoded for it.
   *
   * @param type the event's {@code type}
   * @return true for the events that begin, fail or end a turn, and those it takes the model, usage and
   *     completion from
   */
  public static boolean tracked(@Nullable String type) {
    return UserMessageEvent.TYPE.equals(type) || AssistantTurnStartEvent.TYPE.equals(type)
        || ToolExecutionStartEvent.TYPE.equals(type) || AssistantUsageEvent.TYPE.equals(type)
        || AssistantMessageEvent.TYPE.equals(type) || SessionErrorEvent.TYPE.equals(type)
        || SessionIdleEvent.TYPE.equals(type);
  }
}
