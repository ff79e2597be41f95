package dev.copilotj.spring.boot.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.Subscription;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnEvent;
import dev.copilotj.turn.TurnListener;
import dev.copilotj.turn.TurnOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the meters of a {@link CopilotClient}, all named {@code copilot.*} with low-cardinality tags only (no session
 * ids, prompts or messages): {@value #CLIENT_STATE}, {@value #SESSIONS_ACTIVE}, {@value #SESSIONS_PENDING},
 * {@value #EVENTS_DROPPED}, {@value #TURNS},
 * {@value #TURN_DURATION}, {@value #TOOL_CALLS}, {@value #TOKENS} and {@value #ERRORS}. The meters, their tags and
 * what counts as a turn are described in the README ("Metrics").
 *
 * <p>The turn meters adapt the client's {@link CopilotClient#onTurn turns}; the tool call, token and error counters
 * count the session events as they arrive ({@link CopilotClient#observeSessionEventsOnReaderThread}). Both run on the SDK's
 * reader thread (a turn ended by termination on the callback executor), with a few map operations and meter updates
 * per event and nothing that blocks. State is kept only for tool calls in flight, and dropped when their turn ends.
 */
public final class CopilotMetrics implements MeterBinder, TurnListener, AutoCloseable {

  /** Gauge: 1 for the client's current state, 0 for the others. */
  public static final String CLIENT_STATE = "copilot.client.state";
  /** Gauge: open sessions. */
  public static final String SESSIONS_ACTIVE = "copilot.sessions.active";
  /** Gauge: cloud session creates in flight. */
  public static final String SESSIONS_PENDING = "copilot.sessions.pending";
  /** Counter: events dropped before their session was opened. */
  public static final String EVENTS_DROPPED = "copilot.events.dropped";
  /** Counter: turns that ended. */
  public static final String TURNS = "copilot.turns";
  /** Timer: turn duration. */
  public static final String TURN_DURATION = "copilot.turn.duration";
  /** Counter: completed tool calls. */
  public static final String TOOL_CALLS = "copilot.tool.calls";
  /** Counter: model tokens. */
  public static final String TOKENS = "copilot.tokens";
  /** Counter: session errors. */
  public static final String ERRORS = "copilot.errors";

  /** The {@code outcome} of a turn or tool call that succeeded. */
  public static final String SUCCESS = "success";
  /** The {@code outcome} of a turn or tool call that failed. */
  public static final String ERROR = "error";
  /** The {@code outcome} of a tool call whose permission was denied. */
  public static final String REJECTED = "rejected";
  /** The tag value used when a name is not known. */
  public static final String UNKNOWN = "unknown";

  private final CopilotClient client;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  /** Tool names by call id, per session with tool calls in flight: the complete event does not name its tool. */
  private final Map<String, Map<String, String>> toolCalls = new ConcurrentHashMap<>();
  private @Nullable Subscription turns;
  private @Nullable Subscription events;
  private boolean closed;

  /**
   * Creates the binder; it listens to the client's turns and session events once it is bound to a registry.
   *
   * @param client the client to measure
   */
  public CopilotMetrics(CopilotClient client) {
    this.client = client;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (ClientState state : ClientState.values()) {
      Gauge.builder(CLIENT_STATE, client, c -> c.state() == state ? 1 : 0)
          .description("Whether the Copilot client is in this state (1) or not (0)")
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder(SESSIONS_ACTIVE, client, CopilotClient::openSessionCount)
        .description("Open sessions of the Copilot client")
        .baseUnit("sessions")
        .register(registry);
    Gauge.builder(SESSIONS_PENDING, client, c -> c.sessionRegistryStats().pendingCreates().size())
        .description("Cloud session creates of the Copilot client waiting for the server")
        .baseUnit("sessions")
        .register(registry);
    FunctionCounter.builder(EVENTS_DROPPED, client, c -> c.sessionRegistryStats().droppedEvents())
        .description("Session events the Copilot client dropped because no session with their id was opened in"
            + " time, or its early-event buffer was full")
        .baseUnit("events")
        .register(registry);
    for (String outcome : List.of(SUCCESS, ERROR)) {
      turnCounter(registry, outcome);
      turnTimer(registry, outcome);
    }
    registries.add(registry);
    synchronized (this) {
      if (turns == null && !closed) {
        turns = client.onTurn(this);
        events = client.observeSessionEventsOnReaderThread(this::count);
      }
    }
  }

  /** Stops listening to the client; the meters stay registered and stop changing. */
  @Override
  public void close() {
    Subscription turnSubscription;
    Subscription eventSubscription;
    synchronized (this) {
      closed = true;
      turnSubscription = turns;
      eventSubscription = events;
      turns = null;
      events = null;
    }
    if (turnSubscription != null) {
      turnSubscription.close();
    }
    if (eventSubscription != null) {
      eventSubscription.close();
    }
    toolCalls.clear();
  }

  /** @return how many sessions have tool calls in flight; for tests */
  int sessionsWithToolCalls() {
    return toolCalls.size();
  }

  /**
   * Counts a turn that ended in {@value #TURNS} and {@value #TURN_DURATION}, tagged {@code outcome}; one ended by
   * termination also counts as {@value #ERRORS} with {@code type=client.terminated}. The client calls it for every
   * turn once the binder is bound.
   *
   * @param event a turn that started or ended
   */
  @Override
  public void onTurn(TurnEvent event) {
    if (!(event instanceof TurnEnded ended)) {
      return;
    }
    toolCalls.remove(ended.sessionId());
    String outcome = ended.outcome() == TurnOutcome.SUCCESS ? SUCCESS : ERROR;
    long nanos = ended.duration().toNanos();
    for (MeterRegistry registry : registries) {
      turnCounter(registry, outcome).increment();
      turnTimer(registry, outcome).record(nanos, TimeUnit.NANOSECONDS);
    }
    if (ended.outcome() == TurnOutcome.TERMINATED) {
      countError(CopilotSession.TERMINATED_ERROR_TYPE);
    }
  }

  /** Counts tool calls, tokens and session errors as their events arrive. */
  private void count(SessionEvent event) {
    if (event instanceof ToolExecutionStartEvent start) {
      toolCalls.computeIfAbsent(start.sessionId(), id -> new ConcurrentHashMap<>())
          .put(start.toolCallId(), start.toolName());
    } else if (event instanceof ToolExecutionCompleteEvent complete) {
      Map<String, String> calls = toolCalls.get(complete.sessionId());
      String tool = calls == null ? null : calls.remove(complete.toolCallId());
      countToolCall(tool == null ? UNKNOWN : tool, toolOutcome(complete));
    } else if (event instanceof AssistantUsageEvent usage) {
      String model = usage.model().isBlank() ? UNKNOWN : usage.model();
      countTokens("input", model, usage.inputTokens());
      countTokens("output", model, usage.outputTokens());
    } else if (event instanceof SessionErrorEvent error
        && !CopilotSession.TERMINATED_ERROR_TYPE.equals(error.errorType())) {
      // the client's own notice that a session is gone counts with its turn, in onTurn
      countError(error.errorType().isBlank() ? UNKNOWN : error.errorType());
    }
  }

  private static String toolOutcome(ToolExecutionCompleteEvent complete) {
    if (complete.success()) {
      return SUCCESS;
    }
    return REJECTED.equals(complete.errorCode()) ? REJECTED : ERROR;
  }

  private void countToolCall(String tool, String outcome) {
    for (MeterRegistry registry : registries) {
      Counter.builder(TOOL_CALLS)
          .description("Completed tool calls of Copilot sessions")
          .tags(Tags.of("tool", tool, "outcome", outcome))
          .register(registry)
          .increment();
    }
  }

  private void countTokens(String direction, String model, long tokens) {
    if (tokens <= 0) {
      return;
    }
    for (MeterRegistry registry : registries) {
      Counter.builder(TOKENS)
          .description("Tokens of the model calls of Copilot sessions")
          .baseUnit("tokens")
          .tags(Tags.of("direction", direction, "model", model))
          .register(registry)
          .increment(tokens);
    }
  }

  private void countError(String type) {
    for (MeterRegistry registry : registries) {
      Counter.builder(ERRORS)
          .description("Errors of Copilot sessions, by the CLI's error type")
          .tag("type", type)
          .register(registry)
          .increment();
    }
  }

  private static Counter turnCounter(MeterRegistry registry, String outcome) {
    return Counter.builder(TURNS)
        .description("Turns of Copilot sessions that ended, from the first event of a prompt to session.idle")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Timer turnTimer(MeterRegistry registry, String outcome) {
    return Timer.builder(TURN_DURATION)
        .description("Duration of Copilot session turns, from the first event of a prompt to session.idle")
        .tag("outcome", outcome)
        .register(registry);
  }
}
