package dev.copilotj.internal.turn;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnEvent;
import dev.copilotj.turn.TurnListener;
import dev.copilotj.turn.TurnOutcome;
import dev.copilotj.turn.TurnStarted;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one session's turns by {@link TurnRules} and tells listeners when each starts and ends. It holds state
 * only while a turn is open.
 *
 * <p>Fed in wire order on the reader thread; {@link #terminate} comes from the thread that ends the session, which
 * may overlap the reader's last event, hence the lock. Listeners are called under it, so a turn's start and end
 * reach them in order; the lock is contended only in that overlap.
 */
public final class TurnTracker {

  private static final Logger log = LoggerFactory.getLogger(TurnTracker.class);

  private final String sessionId;
  private final LongSupplier nanoTime;
  private @Nullable Open open; // guarded by this
  private boolean terminated; // guarded by this
  private volatile boolean isOpen;

  /**
   * Creates the tracker of a session.
   *
   * @param sessionId the session
   * @param nanoTime the monotonic clock turns are timed with, {@code System::nanoTime} outside tests
   */
  public TurnTracker(String sessionId, LongSupplier nanoTime) {
    this.sessionId = sessionId;
    this.nanoTime = nanoTime;
  }

  /**
   * @return whether a turn is open; while one is, the session keeps feeding the tracker even with no listener left,
   *     so a listener added later does not see a stale turn
   */
  public boolean isOpen() {
    return isOpen;
  }

  /**
   * Takes the session's next event.
   *
   * @param event the event
   * @param listeners who hears a turn that starts or ends with it
   */
  public synchronized void accept(SessionEvent event, List<TurnListener> listeners) {
    Open turn = open;
    if (turn == null) {
      if (terminated || !TurnRules.begins(event)) {
        return;
      }
      turn = new Open(nanoTime.getAsLong());
      open = turn;
      isOpen = true;
      tell(new TurnStarted(sessionId, event instanceof UserMessageEvent user ? user.content() : null), listeners);
    }
    if (event instanceof UserMessageEvent user) {
      if (turn.prompt == null) {
        turn.prompt = user.content();
      }
    } else if (event instanceof ToolExecutionStartEvent start) {
      turn.toolCalls++;
      turn.model(start.model());
    } else if (event instanceof AssistantUsageEvent usage) {
      turn.inputTokens += usage.inputTokens();
      turn.outputTokens += usage.outputTokens();
      turn.modelCalls++;
      turn.model(usage.model());
    } else if (event instanceof AssistantMessageEvent message) {
      turn.model(message.model());
      if (!message.content().isEmpty()) {
        turn.completion = message.content();
      }
    } else if (TurnRules.fails(event)) {
      SessionErrorEvent error = (SessionErrorEvent) event;
      turn.errorType = error.errorType();
      turn.errorMessage = error.message();
    } else if (TurnRules.ends(event)) {
      end(turn, turn.errorType != null ? TurnOutcome.ERROR : TurnOutcome.SUCCESS, listeners);
    }
  }

  /**
   * Ends the open turn, if any, as {@link TurnOutcome#TERMINATED}: the session is gone and no idle will come. An
   * event the reader was still handing over cannot begin another.
   *
   * @param errorType the error type to report, {@code client.terminated}
   * @param message why the session ended
   * @param listeners who hears it
   */
  public synchronized void terminate(String errorType, @Nullable String message, List<TurnListener> listeners) {
    terminated = true;
    Open turn = open;
    if (turn != null) {
      turn.errorType = errorType;
      turn.errorMessage = message;
      end(turn, TurnOutcome.TERMINATED, listeners);
    }
  }

  private void end(Open turn, TurnOutcome outcome, List<TurnListener> listeners) {
    open = null;
    isOpen = false;
    Duration duration = Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - turn.startNanos));
    tell(new TurnEnded(sessionId, outcome, duration, turn.model, turn.inputTokens, turn.outputTokens,
        turn.modelCalls, turn.toolCalls, outcome == TurnOutcome.SUCCESS ? null : turn.errorType,
        outcome == TurnOutcome.SUCCESS ? null : turn.errorMessage, turn.prompt, turn.completion), listeners);
  }

  private void tell(TurnEvent event, List<TurnListener> listeners) {
    for (TurnListener listener : listeners) {
      try {
        listener.onTurn(event);
      } catch (RuntimeException e) {
        log.error("A turn listener threw on {} of session {}; the other listeners still hear it",
            event.getClass().getSimpleName(), sessionId, e);
      }
    }
  }

  /** What is known of the open turn. */
  private static final class Open {
    final long startNanos;
    @Nullable String model;
    long inputTokens;
    long outputTokens;
    int modelCalls;
    int toolCalls;
    @Nullable String errorType;
    @Nullable String errorMessage;
    @Nullable String prompt;
    @Nullable String completion;

    Open(long startNanos) {
      this.startNanos = startNanos;
    }

    void model(@Nullable String reported) {
      if (model == null && reported != null && !reported.isBlank()) {
        model = reported;
      }
    }
  }
}
