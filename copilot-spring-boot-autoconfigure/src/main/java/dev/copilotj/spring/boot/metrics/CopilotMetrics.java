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
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the meters of a {@link CopilotClient}. Every meter is named {@code copilot.*}, so
 * {@code management.metrics.enable.copilot=false} switches them all off. Tags are low-cardinality only: no
 * session ids, prompts or messages.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code copilot.client.state}</td><td>gauge, one per state</td><td>{@code state} (for example
 * {@code connected}, {@code failed})</td><td>1 for the client's current state, 0 for the others</td></tr>
 * <tr><td>{@code copilot.sessions.active}</td><td>gauge</td><td></td><td>open sessions of the client</td></tr>
 * <tr><td>{@code copilot.turns}</td><td>counter</td><td>{@code outcome} = {@code success} | {@code error}</td>
 * <td>turns that ended</td></tr>
 * <tr><td>{@code copilot.turn.duration}</td><td>timer</td><td>{@code outcome}</td><td>how long turns took</td></tr>
 * <tr><td>{@code copilot.tool.calls}</td><td>counter</td><td>{@code tool}, {@code outcome} = {@code success} |
 * {@code rejected} | {@code error}</td><td>tool calls that completed</td></tr>
 * <tr><td>{@code copilot.tokens}</td><td>counter</td><td>{@code direction} = {@code input} | {@code output},
 * {@code model}</td><td>tokens of the model calls, from {@code assistant.usage}</td></tr>
 * <tr><td>{@code copilot.errors}</td><td>counter</td><td>{@code type}: the {@code session.error}'s
 * {@code errorType}</td><td>session errors</td></tr>
 * </table>
 *
 * <p><b>A turn</b> is one busy period of a session: it begins with the first {@code user.message},
 * {@code assistant.turn_start} or {@code tool.execution_start} the session reports while no turn of it is open
 * (in practice the {@code user.message} of a prompt; the other two cover a session observed mid-turn), and it
 * ends with the session's {@code session.idle}. All the model calls and tool calls of one prompt, and prompts
 * queued while it runs, belong to the same turn. Its outcome is {@code error} when a {@code session.error} came
 * before the idle, or when the session was terminated (closed, deleted, or its client stopped or lost the CLI)
 * while the turn was open; that termination also counts as {@code copilot.errors} with
 * {@code type=client.terminated}. A session terminated while idle is a normal close and counts nothing. The
 * duration is measured on the client, with the {@link Clock}'s monotonic time, from receiving the first event
 * to receiving {@code session.idle} (or the termination).
 *
 * <p>Per-session state exists only while a session's turn is open, and is removed at its end: the map never
 * grows with the number of sessions. The events arrive through {@link CopilotClient#observeSessionEvents}, in wire
 * order on the SDK's reader thread, so counting adds no thread hand-off; the work per event is a few map
 * operations and meter updates, none of which blocks.
 *
 * <p>A tool call counts when it completes; a tool name the start event did not report is tagged
 * {@code unknown}. The tool names are those of the CLI's built-in tools, the application's tools and its MCP
 * servers' tools, a bounded set; cap it with a {@code MeterFilter} if an MCP server has very many.
 */
public final class CopilotMetrics implements MeterBinder, AutoCloseable {

  /** Gauge: 1 for the client's current state, 0 for the others. */
  public static final String CLIENT_STATE = "copilot.client.state";
  /** Gauge: open sessions. */
  public static final String SESSIONS_ACTIVE = "copilot.sessions.active";
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
  private final Clock clock;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<String, Turn> turns = new ConcurrentHashMap<>();
  private @Nullable Subscription subscription;
  private boolean closed;

  /**
   * Creates the binder; it listens to the client's session events once it is bound to a registry.
   *
   * @param client the client to measure
   */
  public CopilotMetrics(CopilotClient client) {
    this(client, Clock.SYSTEM);
  }

  /**
   * Creates the binder with a clock for turn durations.
   *
   * @param client the client to measure
   * @param clock the clock whose monotonic time times turns
   */
  public CopilotMetrics(CopilotClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
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
    for (String outcome : List.of(SUCCESS, ERROR)) {
      turnCounter(registry, outcome);
      turnTimer(registry, outcome);
    }
    registries.add(registry);
    synchronized (this) {
      if (subscription == null && !closed) {
        subscription = client.observeSessionEvents(this::onEvent);
      }
    }
  }

  /** Stops listening to the client; the meters stay registered and stop changing. */
  @Override
  public void close() {
    Subscription current;
    synchronized (this) {
      closed = true;
      current = subscription;
      subscription = null;
    }
    if (current != null) {
      current.close();
    }
    turns.clear();
  }

  /** @return how many sessions have a turn open; for tests */
  int openTurns() {
    return turns.size();
  }

  /**
   * Counts one session event. Called by the client, in each session's order; public so that events can be
   * fed to it directly.
   *
   * @param event the event
   */
  public void onEvent(SessionEvent event) {
    String sessionId = event.sessionId();
    if (event instanceof UserMessageEvent || event instanceof AssistantTurnStartEvent) {
      openTurn(sessionId);
    } else if (event instanceof ToolExecutionStartEvent start) {
      openTurn(sessionId).tools.put(start.toolCallId(), start.toolName());
    } else if (event instanceof ToolExecutionCompleteEvent complete) {
      Turn turn = turns.get(sessionId);
      String tool = turn == null ? null : turn.tools.remove(complete.toolCallId());
      countToolCall(tool == null ? UNKNOWN : tool, toolOutcome(complete));
    } else if (event instanceof AssistantUsageEvent usage) {
      String model = usage.model().isBlank() ? UNKNOWN : usage.model();
      countTokens("input", model, usage.inputTokens());
      countTokens("output", model, usage.outputTokens());
    } else if (event instanceof SessionErrorEvent error) {
      onError(sessionId, error);
    } else if (event instanceof SessionIdleEvent) {
      Turn turn = turns.remove(sessionId);
      if (turn != null) {
        endTurn(turn, turn.failed ? ERROR : SUCCESS);
      }
    }
  }

  private Turn openTurn(String sessionId) {
    return turns.computeIfAbsent(sessionId, id -> new Turn(clock.monotonicTime()));
  }

  private void onError(String sessionId, SessionErrorEvent error) {
    if (CopilotSession.TERMINATED_ERROR_TYPE.equals(error.errorType())) {
      // the client's own notice that the session is gone; no session.idle follows
      Turn turn = turns.remove(sessionId);
      if (turn != null) {
        countError(error.errorType());
        endTurn(turn, ERROR);
      }
      return;
    }
    countError(error.errorType().isBlank() ? UNKNOWN : error.errorType());
    Turn turn = turns.get(sessionId);
    if (turn != null) {
      turn.failed = true;
    }
  }

  private void endTurn(Turn turn, String outcome) {
    long nanos = Math.max(0, clock.monotonicTime() - turn.startNanos);
    for (MeterRegistry registry : registries) {
      turnCounter(registry, outcome).increment();
      turnTimer(registry, outcome).record(nanos, TimeUnit.NANOSECONDS);
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

  /** One open turn of one session; touched only on that session's lane. */
  private static final class Turn {
    final long startNanos;
    final Map<String, String> tools = new ConcurrentHashMap<>();
    volatile boolean failed;

    Turn(long startNanos) {
      this.startNanos = startNanos;
    }
  }
}
