package dev.copilotj.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.spring.boot.ScriptedSessions;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnOutcome;
import dev.copilotj.turn.TurnStarted;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The binder's meters: the turn meters fed with the client's turn records, the event counters with session events
 * that a scripted CLI sends to a real client.
 */
class CopilotMetricsTests {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private CopilotMetrics metrics = bind(new CopilotClient(CopilotClientOptions.builder()
      .serverAddress("127.0.0.1:1").build()));
  private ScriptedSessions cli;

  private CopilotMetrics bind(CopilotClient client) {
    CopilotMetrics bound = new CopilotMetrics(client);
    bound.bindTo(registry);
    return bound;
  }

  /** A client on a scripted CLI, with the binder bound to it instead of the unconnected one. */
  private ScriptedSessions scriptedCli() throws Exception {
    metrics.close();
    cli = new ScriptedSessions();
    metrics = bind(cli.client());
    return cli;
  }

  @AfterEach
  void close() {
    metrics.close();
    if (cli != null) {
      cli.close();
    }
  }

  @Test
  void registersGaugesAndZeroTurnMetersWhenBound() {
    assertThat(registry.get(CopilotMetrics.CLIENT_STATE).tag("state", "not_started").gauge().value()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.CLIENT_STATE).tag("state", "connected").gauge().value()).isZero();
    assertThat(registry.get(CopilotMetrics.CLIENT_STATE).gauges()).hasSize(6);
    assertThat(registry.get(CopilotMetrics.SESSIONS_ACTIVE).gauge().value()).isZero();
    assertThat(registry.get(CopilotMetrics.SESSIONS_PENDING).gauge().value()).isZero();
    assertThat(registry.get(CopilotMetrics.EVENTS_DROPPED).functionCounter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer().count()).isZero();
  }

  @Test
  void eventsForNoOpenSessionCountAsDroppedWhenTheClientStopsWithThemStillHeld() throws Exception {
    ScriptedSessions cli = scriptedCli();
    // a registry of its own: the shared one already holds these meters, bound to the unconnected client
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    metrics.bindTo(own);
    cli.send("nobody", "session.info", Map.of("infoType", "test", "message", "m1"));
    cli.send("nobody", "session.info", Map.of("infoType", "test", "message", "m2"));
    await().atMost(WAIT).until(() -> cli.client().sessionRegistryStats().earlyBufferedEvents() == 2);
    assertThat(own.get(CopilotMetrics.EVENTS_DROPPED).functionCounter().count()).isZero();

    cli.client().stop().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(own.get(CopilotMetrics.EVENTS_DROPPED).functionCounter().count()).isEqualTo(2);
    assertThat(own.get(CopilotMetrics.SESSIONS_PENDING).gauge().value()).isZero();
  }

  @Test
  void timesATurnByTheDurationItEndedWith() {
    metrics.onTurn(new TurnStarted("s1", "hello"));
    metrics.onTurn(ended("s1", TurnOutcome.SUCCESS, Duration.ofMillis(1000)));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
    Timer timer = registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
  }

  @Test
  void sessionsAreTimedIndependently() {
    metrics.onTurn(new TurnStarted("a", "hello"));
    metrics.onTurn(new TurnStarted("b", "hello"));
    metrics.onTurn(ended("a", TurnOutcome.SUCCESS, Duration.ofMillis(200)));
    metrics.onTurn(ended("b", TurnOutcome.SUCCESS, Duration.ofMillis(200)));

    Timer timer = registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);
  }

  @Test
  void aFailedTurnCountsAsAnError() {
    metrics.onTurn(ended("s1", TurnOutcome.ERROR, Duration.ofMillis(5)));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "error").timer().count()).isEqualTo(1);
    // the error itself is counted from its session.error, not from the turn
    assertThat(registry.find(CopilotMetrics.ERRORS).counters()).isEmpty();
  }

  @Test
  void terminationMidTurnEndsTheTurnAsAnError() {
    metrics.onTurn(ended("s1", TurnOutcome.TERMINATED, Duration.ofMillis(5)));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.ERRORS).tag("type", CopilotSession.TERMINATED_ERROR_TYPE).counter()
        .count()).isEqualTo(1);
  }

  @Test
  void eventsReachEveryBoundRegistry() {
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    metrics.bindTo(second);
    metrics.onTurn(ended("s1", TurnOutcome.SUCCESS, Duration.ofMillis(1)));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
    assertThat(second.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- through a client, from the wire

  @Test
  void aTurnFromTheWireIsCountedWithTheDurationTheClientReported() throws Exception {
    ScriptedSessions cli = scriptedCli();
    cli.open("a");
    cli.open("b");
    cli.send("a", "user.message", Map.of("content", "hello", "messageId", "m1"));
    cli.send("b", "user.message", Map.of("content", "hello", "messageId", "m2"));
    cli.send("a", "assistant.turn_start", Map.of("turnId", "0"));
    cli.send("a", "session.idle", Map.of());
    cli.send("b", "session.idle", Map.of());

    await().atMost(WAIT).until(() -> cli.ended().size() == 2);
    Timer timer = registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo((double) cli.ended().stream()
        .mapToLong(ended -> ended.duration().toNanos()).sum());
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(2);
    assertThat(metrics.sessionsWithToolCalls()).isZero();
  }

  @Test
  void aSessionErrorFailsTheTurnAndCountsItsType() throws Exception {
    ScriptedSessions cli = scriptedCli();
    cli.open("s1");
    cli.send("s1", "user.message", Map.of("content", "hello", "messageId", "m1"));
    cli.send("s1", "session.error", Map.of("errorType", "query", "message", "Execution failed"));
    cli.send("s1", "session.idle", Map.of());

    await().atMost(WAIT).until(() -> cli.ended().size() == 1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "error").timer().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.ERRORS).tag("type", "query").counter().count()).isEqualTo(1);
  }

  @Test
  void closingASessionMidTurnEndsTheTurnAsAnError() throws Exception {
    ScriptedSessions cli = scriptedCli();
    CopilotSession session = cli.open("s1");
    cli.send("s1", "user.message", Map.of("content", "hello", "messageId", "m1"));
    await().atMost(WAIT).until(() -> cli.turns().size() == 1);
    session.close();

    await().atMost(WAIT).until(() -> cli.ended().size() == 1);
    assertThat(cli.ended().get(0).outcome()).isEqualTo(TurnOutcome.TERMINATED);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.ERRORS).tag("type", CopilotSession.TERMINATED_ERROR_TYPE).counter()
        .count()).isEqualTo(1);
  }

  @Test
  void losingTheCliMidTurnCountsTheTerminationOnce() throws Exception {
    ScriptedSessions cli = scriptedCli();
    CopilotSession session = cli.open("s1");
    cli.send("s1", "user.message", Map.of("content", "hello", "messageId", "m1"));
    await().atMost(WAIT).until(() -> cli.turns().size() == 1);
    cli.dropConnection();

    await().atMost(WAIT).until(() -> session.isTerminated() && cli.ended().size() == 1);
    // the synthetic session.error the observers also get is not counted again
    await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> registry.get(CopilotMetrics.ERRORS)
        .tag("type", CopilotSession.TERMINATED_ERROR_TYPE).counter().count() == 1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isEqualTo(1);
  }

  @Test
  void terminationOfAnIdleSessionIsANormalClose() throws Exception {
    ScriptedSessions cli = scriptedCli();
    CopilotSession closed = cli.open("s1");
    CopilotSession lost = cli.open("s2");
    cli.send("s1", "user.message", Map.of("content", "hello", "messageId", "m1"));
    cli.send("s1", "session.idle", Map.of());
    await().atMost(WAIT).until(() -> cli.ended().size() == 1);
    closed.close();
    cli.dropConnection();
    await().atMost(WAIT).until(() -> closed.isTerminated() && lost.isTerminated());

    await().during(Duration.ofMillis(200)).atMost(WAIT)
        .until(() -> registry.find(CopilotMetrics.ERRORS).counters().isEmpty());
    assertThat(cli.ended()).hasSize(1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isZero();
  }

  @Test
  void countsToolCallsByToolAndOutcome() throws Exception {
    ScriptedSessions cli = scriptedCli();
    cli.open("s1");
    cli.send("s1", "user.message", Map.of("content", "hello", "messageId", "m1"));
    cli.send("s1", "tool.execution_start", toolStart("c1", "echo_upper"));
    cli.send("s1", "tool.execution_complete", toolComplete("c1", true, null));
    cli.send("s1", "tool.execution_start", toolStart("c2", "bash"));
    cli.send("s1", "tool.execution_complete", toolComplete("c2", false, "rejected"));
    cli.send("s1", "tool.execution_start", toolStart("c3", "bash"));
    cli.send("s1", "tool.execution_complete", toolComplete("c3", false, "failure"));
    cli.send("s1", "tool.execution_complete", toolComplete("c9", true, null));
    cli.send("s1", "session.idle", Map.of());

    await().atMost(WAIT).until(() -> cli.ended().size() == 1);
    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "echo_upper", "outcome", "success").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "bash", "outcome", "rejected").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "bash", "outcome", "error").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "unknown", "outcome", "success").counter()
        .count()).isEqualTo(1);
    assertThat(cli.ended().get(0).toolCalls()).isEqualTo(3);
    assertThat(metrics.sessionsWithToolCalls()).isZero();
  }

  @Test
  void countsTokensByDirectionAndModel() throws Exception {
    ScriptedSessions cli = scriptedCli();
    cli.open("s1");
    cli.open("s2");
    cli.send("s1", "assistant.usage", usage("claude-sonnet-4.5", 1200, 80));
    cli.send("s2", "assistant.usage", usage("claude-sonnet-4.5", 300, 20));
    cli.send("s1", "assistant.usage", usage("gpt-5", 10, 0));

    await().atMost(WAIT).until(() -> registry.find(CopilotMetrics.TOKENS)
        .tags("direction", "input", "model", "gpt-5").counter() != null);
    assertThat(registry.get(CopilotMetrics.TOKENS).tags("direction", "input", "model", "claude-sonnet-4.5").counter()
        .count()).isEqualTo(1500);
    assertThat(registry.get(CopilotMetrics.TOKENS).tags("direction", "output", "model", "claude-sonnet-4.5")
        .counter().count()).isEqualTo(100);
    assertThat(registry.get(CopilotMetrics.TOKENS).tags("direction", "input", "model", "gpt-5").counter().count())
        .isEqualTo(10);
    assertThat(registry.find(CopilotMetrics.TOKENS).tags("direction", "output", "model", "gpt-5").counter())
        .isNull();
  }

  @Test
  void tagsAreLowCardinality() throws Exception {
    ScriptedSessions cli = scriptedCli();
    cli.open("session-123");
    cli.send("session-123", "user.message", Map.of("content", "hello", "messageId", "m1"));
    cli.send("session-123", "tool.execution_start", toolStart("call-1", "echo_upper"));
    cli.send("session-123", "tool.execution_complete", toolComplete("call-1", true, null));
    cli.send("session-123", "assistant.usage", usage("claude-sonnet-4.5", 1, 1));
    cli.send("session-123", "assistant.message", Map.of("messageId", "m2", "content", "secret answer",
        "toolRequests", List.of(), "model", "claude-sonnet-4.5"));
    cli.send("session-123", "session.idle", Map.of());

    await().atMost(WAIT).until(() -> cli.ended().size() == 1);
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTags()).allSatisfy(tag -> {
        assertThat(tag.getValue()).doesNotContain("session-123", "call-1", "secret", "hello");
        assertThat(tag.getKey()).isIn("state", "outcome", "tool", "direction", "model", "type");
      });
    }
  }

  @Test
  void closeStopsCountingAndForgetsToolCallsInFlight() throws Exception {
    ScriptedSessions cli = scriptedCli();
    cli.open("s1");
    cli.send("s1", "user.message", Map.of("content", "hello", "messageId", "m1"));
    cli.send("s1", "tool.execution_start", toolStart("c1", "echo_upper"));
    await().atMost(WAIT).until(() -> metrics.sessionsWithToolCalls() == 1);

    metrics.close();
    assertThat(metrics.sessionsWithToolCalls()).isZero();
    cli.send("s1", "tool.execution_complete", toolComplete("c1", true, null));
    cli.send("s1", "session.idle", Map.of());
    await().atMost(WAIT).until(() -> cli.ended().size() == 1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isZero();
    assertThat(registry.find(CopilotMetrics.TOOL_CALLS).counters()).isEmpty();
  }

  private static TurnEnded ended(String sessionId, TurnOutcome outcome, Duration duration) {
    boolean ok = outcome == TurnOutcome.SUCCESS;
    return new TurnEnded(sessionId, outcome, duration, "claude-sonnet-4.5", 10, 2, 1, 0,
        ok ? null : outcome == TurnOutcome.TERMINATED ? CopilotSession.TERMINATED_ERROR_TYPE : "query",
        ok ? null : "failed", "hello", "hi");
  }

  private static Map<String, Object> toolStart(String callId, String tool) {
    return Map.of("toolCallId", callId, "toolName", tool, "arguments", Map.of(), "model", "claude-sonnet-4.5");
  }

  private static Map<String, Object> toolComplete(String callId, boolean success, String code) {
    return success ? Map.of("toolCallId", callId, "success", true, "result", Map.of("content", "ok"))
        : Map.of("toolCallId", callId, "success", false, "error", Map.of("message", "failed", "code", code));
  }

  private static Map<String, Object> usage(String model, long input, long output) {
    return Map.of("model", model, "inputTokens", input, "outputTokens", output);
  }
}
