package dev.copilotj.internal.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.copilotj.TurnFailedException;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.UserMessageEvent;
import org.jspecify.annotations.Nullable;

/**
 * Follows one {@code CopilotSession.sendAndWait} prompt through the session's events, by {@link TurnRules}: from
 * its own {@code user.message} to the idle that ends the turn, failing at the first error on the way.
 *
 * <p>The prompt is identified by the message id {@code session.send} returns, so an idle left over from an
 * earlier turn cannot end this one. Events can arrive before the send's response names that id; until then the few
 * that matter are kept and replayed.
 */
public final class TurnWaiter {

  private final CompletableFuture<@Nullable AssistantMessageEvent> future;
  private final String sessionId;
  private @Nullable String messageId;
  private boolean started;
  private @Nullable AssistantMessageEvent lastMessage;
  private final List<SessionEvent> beforeArmed = new ArrayList<>();

  /**
   * Creates the waiter.
   *
   * @param sessionId the session
   * @param future completes with the turn's last assistant message, or fails with {@link TurnFailedException}
   */
  public TurnWaiter(String sessionId, CompletableFuture<@Nullable AssistantMessageEvent> future) {
    this.sessionId = sessionId;
    this.future = future;
  }

  /** @return the future the waiter completes */
  public CompletableFuture<@Nullable AssistantMessageEvent> future() {
    return future;
  }

  /**
   * The send was accepted: from now on, events after the user message with this id belong to the turn.
   *
   * @param sentMessageId the id {@code session.send} returned
   */
  public synchronized void arm(String sentMessageId) {
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
  public static boolean follows(@Nullable String type) {
    return UserMessageEvent.TYPE.equals(type) || AssistantMessageEvent.TYPE.equals(type)
        || SessionErrorEvent.TYPE.equals(type) || SessionIdleEvent.TYPE.equals(type);
  }

  /**
   * Takes the session's next event.
   *
   * @param event the event, in the session's order
   */
  public synchronized void onEvent(SessionEvent event) {
    boolean relevant = event instanceof UserMessageEvent || event instanceof AssistantMessageEvent
        || TurnRules.fails(event) || TurnRules.ends(event);
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
    } else if (TurnRules.fails(event)) {
      SessionErrorEvent error = (SessionErrorEvent) event;
      future.completeExceptionally(new TurnFailedException(sessionId, error.errorType(), error.message()));
    } else if (TurnRules.ends(event)) {
      future.complete(lastMessage);
    }
  }
}
