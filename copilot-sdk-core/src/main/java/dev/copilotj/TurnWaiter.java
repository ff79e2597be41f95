package dev.copilotj;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.UserMessageEvent;
import org.jspecify.annotations.Nullable;

/**
 * Follows one {@link CopilotSession#sendAndWait} turn through the session's events.
 *
 * <p>The turn is identified by the message id {@code session.send} returns, so an idle left over from an
 * earlier turn cannot end this one. Events can reach the lane before the send's response names that id;
 * until then the few that matter are kept and replayed.
 */
final class TurnWaiter {

  final CompletableFuture<@Nullable AssistantMessageEvent> future;
  private final String sessionId;
  private @Nullable String messageId;
  private boolean started;
  private @Nullable AssistantMessageEvent lastMessage;
  private final List<SessionEvent> beforeArmed = new ArrayList<>();

  TurnWaiter(String sessionId, CompletableFuture<@Nullable AssistantMessageEvent> future) {
    this.sessionId = sessionId;
    this.future = future;
  }

  /** The send was accepted: from now on, events after the user message with this id belong to the turn. */
  synchronized void arm(String sentMessageId) {
    messageId = sentMessageId;
    for (SessionEvent event : beforeArmed) {
      follow(event);
    }
    beforeArmed.clear();
  }

  /**
   * Whether a waiter looks at events of this wire type at all.
   *
   * @param type the event's {@code type}
   * @return true for the user message, assistant message, error and idle events
   */
  static boolean follows(@Nullable String type) {
    return UserMessageEvent.TYPE.equals(type) || AssistantMessageEvent.TYPE.equals(type)
        || SessionErrorEvent.TYPE.equals(type) || SessionIdleEvent.TYPE.equals(type);
  }

  /** Called for every event of the session, in order. */
  synchronized void onEvent(SessionEvent event) {
    boolean relevant = event instanceof UserMessageEvent || event instanceof AssistantMessageEvent
        || event instanceof SessionErrorEvent || event instanceof SessionIdleEvent;
    if (!relevant || future.isDone()) {
      return;
    }
    if (messageId == null) {
      beforeArmed.add(event);
    } else {
      follow(event);
    }
  }

  private void follow(SessionEvent event) {
    if (event instanceof UserMessageEvent user) {
      if (user.messageId().equals(messageId)) {
        started = true;
      }
      return;
    }
    if (!started) {
      return;
    }
    if (event instanceof AssistantMessageEvent message) {
      lastMessage = message;
    } else if (event instanceof SessionErrorEvent error) {
      future.completeExceptionally(new TurnFailedException(sessionId, error.errorType(), error.message()));
    } else if (event instanceof SessionIdleEvent) {
      future.complete(lastMessage);
    }
  }
}
