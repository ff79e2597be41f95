package dev.copilotj.spring.boot.observation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotException;
import dev.copilotj.Subscription;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnEvent;
import dev.copilotj.turn.TurnListener;
import dev.copilotj.turn.TurnStarted;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Records one {@link CopilotObservationDocumentation#TURN} observation per turn of every session of a client: it
 * starts when the client reports a {@link TurnStarted} and stops at the matching {@link TurnEnded}, carrying an
 * error when the turn failed or its session was terminated. The model, token usage and tool calls go into the
 * {@link CopilotTurnObservationContext} just before it stops, so the convention tags it with the final values. The
 * keys, and why the observations have no parent, are described in the README ("Observations").
 *
 * <p>The client reports turns on the SDK's reader thread ({@link TurnListener}), so the observations start and stop
 * there and the registry's {@code ObservationHandler}s must be quick and must not block (Micrometer's own meter and
 * tracing handlers are). The prompt and the completion go into the context only when asked for, because they may
 * hold personal data. State exists only while a turn is open.
 */
public final class CopilotTurnObservations implements TurnListener, AutoCloseable {

  private static final DefaultCopilotObservationConvention DEFAULT_CONVENTION =
      new DefaultCopilotObservationConvention();

  private final ObservationRegistry registry;
  private final @Nullable CopilotObservationConvention convention;
  private final boolean logPrompt;
  private final boolean logCompletion;
  private final Map<String, Turn> turns = new ConcurrentHashMap<>();
  private final @Nullable Subscription subscription;

  /**
   * Creates the recorder and subscribes it to the client's turns (unless the registry is
   * {@link ObservationRegistry#NOOP}).
   *
   * @param client the client whose turns to observe
   * @param registry where the observations go
   * @param convention replaces {@link DefaultCopilotObservationConvention}; null for the default (or a global
   *     convention registered with the registry)
   * @param logPrompt whether the prompt goes into the context ({@code copilot.observations.log-prompt})
   * @param logCompletion whether the last assistant message goes into the context
   *     ({@code copilot.observations.log-completion})
   */
  public CopilotTurnObservations(CopilotClient client, ObservationRegistry registry,
      @Nullable CopilotObservationConvention convention, boolean logPrompt, boolean logCompletion) {
    this.registry = registry;
    this.convention = convention;
    this.logPrompt = logPrompt;
    this.logCompletion = logCompletion;
    this.subscription = registry == ObservationRegistry.NOOP ? null : client.onTurn(this);
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
   * Starts a turn's observation, or fills in and stops it. The client calls it for every turn.
   *
   * @param event a turn that started or ended
   */
  @Override
  public void onTurn(TurnEvent event) {
    if (event instanceof TurnStarted started) {
      start(started.sessionId());
    } else if (event instanceof TurnEnded ended) {
      Turn turn = turns.remove(ended.sessionId());
      if (turn != null) {
        stop(turn, ended);
      }
    }
  }

  private void start(String sessionId) {
    CopilotTurnObservationContext context = new CopilotTurnObservationContext(sessionId);
    // started outside any map lock, so the handlers that start() calls never run inside one
    Observation observation = CopilotObservationDocumentation.TURN
        .observation(convention, DEFAULT_CONVENTION, () -> context, registry)
        .start();
    Turn previous = turns.put(sessionId, new Turn(context, observation));
    if (previous != null) {
      previous.observation.stop(); // cannot happen with the client's turns: one at a time per session
    }
  }

  private void stop(Turn turn, TurnEnded ended) {
    CopilotTurnObservationContext context = turn.context;
    context.setModel(ended.model());
    context.recordUsage(ended.inputTokens(), ended.outputTokens(), ended.modelCalls(), ended.toolCalls());
    if (logPrompt) {
      context.setPrompt(ended.prompt());
    }
    if (logCompletion) {
      context.setCompletion(ended.completion());
    }
    String errorType = ended.errorType();
    if (ended.failed() && errorType != null) {
      context.setErrorType(errorType.isBlank() ? "unknown" : errorType);
      turn.observation.error(new CopilotException("Copilot session error (" + errorType + "): "
          + ended.errorMessage()));
    }
    turn.observation.stop();
  }

  private record Turn(CopilotTurnObservationContext context, Observation observation) {
  }
}
