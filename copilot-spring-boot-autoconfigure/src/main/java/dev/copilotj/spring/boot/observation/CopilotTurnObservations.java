package dev.copilotj.spring.boot.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotException;
import dev.copilotj.CopilotSession;
import dev.copilotj.Subscription;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Records one {@link CopilotObservationDocumentation#TURN} observation per turn of every session of a client,
 * driven by {@link CopilotClient#observeSessionEvents}.
 *
 * <p>A turn is the same busy period {@code CopilotMetrics} times: the observation starts at the first
 * {@code user.message}, {@code assistant.turn_start} or {@code tool.execution_start} the session reports while
 * none of its turns is open, and stops at {@code session.idle}. A {@code session.error} marks it as failed (the
 * idle that follows stops it); a session terminated mid-turn (closed, deleted, or its client stopped or lost the
 * CLI) stops it at once as failed with error type {@code client.terminated}. The model, token usage and tool
 * calls are collected into the {@link CopilotTurnObservationContext} as they arrive, so the convention tags the
 * observation with the final values when it stops.
 *
 * <p>The observations have no parent: the events arrive on the SDK's reader thread, not on the thread that sent
 * the prompt. Like Reactor Netty's observations on its event loop, they start and stop on that I/O thread, so the
 * registry's {@code ObservationHandler}s must be quick and must not block (Micrometer's own meter and tracing
 * handlers are). The prompt and the completion are put into the context only when asked for, because they may hold
 * personal data. Per-session state exists only while a turn is open.
 */
public final class CopilotTurnObservations implements AutoCloseable {

  private static final DefaultCopilotObservationConvention DEFAULT_CONVENTION =
      new DefaultCopilotObservationConvention();

  private final ObservationRegistry registry;
  private final @Nullable CopilotObservationConvention convention;
  private final boolean capturePrompt;
  private final boolean captureCompletion;
  private final Map<String, Turn> turns = new ConcurrentHashMap<>();
  private final @Nullable Subscription subscription;

  /**
   * Creates the recorder and subscribes it to the client's session events (unless the registry is
   * {@link ObservationRegistry#NOOP}).
   *
   * @param client the client whose turns to observe
   * @param registry where the observations go
   * @param convention replaces {@link DefaultCopilotObservationConvention}; null for the default (or a global
   *     convention registered with the registry)
   * @param capturePrompt whether the prompt goes into the context
   * @param captureCompletion whether the last assistant message goes into the context
   */
  public CopilotTurnObservations(CopilotClient client, ObservationRegistry registry,
      @Nullable CopilotObservationConvention convention, boolean capturePrompt, boolean captureCompletion) {
    this.registry = registry;
    this.convention = convention;
    this.capturePrompt = capturePrompt;
    this.captureCompletion = captureCompletion;
    this.subscription = registry == ObservationRegistry.NOOP ? null : client.observeSessionEvents(this::onEvent);
  }

  /** Stops listening; turns still open are stopped as they are. */
  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
    turns.values().forEach(turn -> turn.observation.stop());
    turns.clear();
  }

  /** @return how many sessions have a turn open; for tests */
  int openTurns() {
    return turns.size();
  }

  /**
   * Handles one session event. Called by the client in each session's order; public so that events can be fed
   * to it directly.
   *
   * @param event the event
   */
  public void onEvent(SessionEvent event) {
    String sessionId = event.sessionId();
    if (event instanceof UserMessageEvent message) {
      Turn turn = openTurn(sessionId);
      if (capturePrompt && turn.context.getPrompt() == null) {
        turn.context.setPrompt(message.content());
      }
    } else if (event instanceof AssistantTurnStartEvent) {
      openTurn(sessionId);
    } else if (event instanceof ToolExecutionStartEvent start) {
      Turn turn = openTurn(sessionId);
      turn.context.addToolCall();
      if (turn.context.getModel() == null) {
        turn.context.setModel(start.model());
      }
    } else if (event instanceof AssistantUsageEvent usage) {
      Turn turn = turns.get(sessionId);
      if (turn != null) {
        turn.context.addUsage(usage.inputTokens(), usage.outputTokens());
        if (turn.context.getModel() == null && !usage.model().isBlank()) {
          turn.context.setModel(usage.model());
        }
      }
    } else if (event instanceof AssistantMessageEvent message) {
      Turn turn = turns.get(sessionId);
      if (turn != null) {
        if (turn.context.getModel() == null) {
          turn.context.setModel(message.model());
        }
        if (captureCompletion && !message.content().isEmpty()) {
          turn.context.setCompletion(message.content());
        }
      }
    } else if (event instanceof SessionErrorEvent error) {
      onError(sessionId, error);
    } else if (event instanceof SessionIdleEvent) {
      Turn turn = turns.remove(sessionId);
      if (turn != null) {
        turn.observation.stop();
      }
    }
  }

  private Turn openTurn(String sessionId) {
    // one session's events never run concurrently, so get-then-put is safe, and the handlers that start()
    // calls do not run inside the map's lock
    Turn turn = turns.get(sessionId);
    if (turn == null) {
      CopilotTurnObservationContext context = new CopilotTurnObservationContext(sessionId);
      Observation observation = CopilotObservationDocumentation.TURN
          .observation(convention, DEFAULT_CONVENTION, () -> context, registry)
          .start();
      turn = new Turn(context, observation);
      turns.put(sessionId, turn);
    }
    return turn;
  }

  private void onError(String sessionId, SessionErrorEvent error) {
    boolean terminated = CopilotSession.TERMINATED_ERROR_TYPE.equals(error.errorType());
    Turn turn = terminated ? turns.remove(sessionId) : turns.get(sessionId);
    if (turn == null) {
      return;
    }
    turn.context.setErrorType(error.errorType().isBlank() ? "unknown" : error.errorType());
    turn.observation.error(new CopilotException("Copilot session error (" + error.errorType() + "): "
        + error.message()));
    if (terminated) {
      turn.observation.stop();
    }
  }

  private record Turn(CopilotTurnObservationContext context, Observation observation) {
  }
}
