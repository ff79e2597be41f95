package dev.copilotj.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantTurnEndEvent;
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.EventInfo;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binder's meters, fed with synthetic session events. */
class CopilotMetricsTests {

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
      .serverAddress("127.0.0.1:1").build());
  private CopilotMetrics metrics;

  @BeforeEach
  void bind() {
    metrics = new CopilotMetrics(client, clock);
    metrics.bindTo(registry);
  }

  @Test
  void registersGaugesAndZeroTurnMetersWhenBound() {
    assertThat(registry.get(CopilotMetrics.CLIENT_STATE).tag("state", "not_started").gauge().value()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.CLIENT_STATE).tag("state", "connected").gauge().value()).isZero();
    assertThat(registry.get(CopilotMetrics.CLIENT_STATE).gauges()).hasSize(6);
    assertThat(registry.get(CopilotMetrics.SESSIONS_ACTIVE).gauge().value()).isZero();
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer().count()).isZero();
  }

  @Test
  void timesATurnFromTheUserMessageToSessionIdle() {
    metrics.onEvent(userMessage("s1"));
    clock.add(Duration.ofMillis(300));
    metrics.onEvent(new AssistantTurnStartEvent(info("s1"), "0", "i1"));
    clock.add(Duration.ofMillis(200));
    metrics.onEvent(new AssistantTurnEndEvent(info("s1"), "0"));
    metrics.onEvent(new AssistantTurnStartEvent(info("s1"), "1", "i1"));
    clock.add(Duration.ofMillis(500));
    metrics.onEvent(new SessionIdleEvent(info("s1"), "interactive"));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
    Timer timer = registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
    assertThat(metrics.openTurns()).isZero();
  }

  @Test
  void aTurnStartsAtTheModelTurnWhenNoUserMessageWasSeen() {
    metrics.onEvent(new AssistantTurnStartEvent(info("s1"), "3", null));
    clock.add(Duration.ofMillis(40));
    metrics.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer()
        .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
  }

  @Test
  void sessionsAreTimedIndependently() {
    metrics.onEvent(userMessage("a"));
    clock.add(Duration.ofMillis(100));
    metrics.onEvent(userMessage("b"));
    clock.add(Duration.ofMillis(100));
    metrics.onEvent(new SessionIdleEvent(info("a"), null));
    assertThat(metrics.openTurns()).isEqualTo(1);
    clock.add(Duration.ofMillis(100));
    metrics.onEvent(new SessionIdleEvent(info("b"), null));

    Timer timer = registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);
    assertThat(metrics.openTurns()).isZero();
  }

  @Test
  void aSessionErrorFailsTheTurnAndCountsItsType() {
    metrics.onEvent(userMessage("s1"));
    metrics.onEvent(new SessionErrorEvent(info("s1"), "query", "Execution failed", 500, null, "m1"));
    metrics.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isZero();
    assertThat(registry.get(CopilotMetrics.TURN_DURATION).tag("outcome", "error").timer().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.ERRORS).tag("type", "query").counter().count()).isEqualTo(1);
  }

  @Test
  void terminationMidTurnEndsTheTurnAsAnError() {
    metrics.onEvent(userMessage("s1"));
    metrics.onEvent(terminated("s1"));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.ERRORS).tag("type", CopilotSession.TERMINATED_ERROR_TYPE).counter()
        .count()).isEqualTo(1);
    assertThat(metrics.openTurns()).isZero();
  }

  @Test
  void terminationOfAnIdleSessionIsANormalClose() {
    metrics.onEvent(userMessage("s1"));
    metrics.onEvent(new SessionIdleEvent(info("s1"), null));
    metrics.onEvent(terminated("s1"));

    assertThat(registry.find(CopilotMetrics.ERRORS).counters()).isEmpty();
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "error").counter().count()).isZero();
  }

  @Test
  void countsToolCallsByToolAndOutcome() {
    metrics.onEvent(userMessage("s1"));
    metrics.onEvent(toolStart("s1", "c1", "echo_upper"));
    metrics.onEvent(toolComplete("s1", "c1", true, null));
    metrics.onEvent(toolStart("s1", "c2", "bash"));
    metrics.onEvent(toolComplete("s1", "c2", false, "rejected"));
    metrics.onEvent(toolStart("s1", "c3", "bash"));
    metrics.onEvent(toolComplete("s1", "c3", false, "failure"));
    metrics.onEvent(toolComplete("s1", "c9", true, null));
    metrics.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "echo_upper", "outcome", "success").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "bash", "outcome", "rejected").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "bash", "outcome", "error").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(CopilotMetrics.TOOL_CALLS).tags("tool", "unknown", "outcome", "success").counter()
        .count()).isEqualTo(1);
  }

  @Test
  void countsTokensByDirectionAndModel() {
    metrics.onEvent(usage("s1", "claude-sonnet-4.5", 1200, 80));
    metrics.onEvent(usage("s2", "claude-sonnet-4.5", 300, 20));
    metrics.onEvent(usage("s1", "gpt-5", 10, 0));

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
  void tagsAreLowCardinality() {
    metrics.onEvent(userMessage("session-123"));
    metrics.onEvent(toolStart("session-123", "call-1", "echo_upper"));
    metrics.onEvent(toolComplete("session-123", "call-1", true, null));
    metrics.onEvent(usage("session-123", "claude-sonnet-4.5", 1, 1));
    metrics.onEvent(new AssistantMessageEvent(info("session-123"), "m2", "secret answer", List.of(), "m1",
        "claude-sonnet-4.5", "i1", "0", null));
    metrics.onEvent(new SessionIdleEvent(info("session-123"), null));

    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTags()).allSatisfy(tag -> {
        assertThat(tag.getValue()).doesNotContain("session-123", "call-1", "secret", "hello");
        assertThat(tag.getKey()).isIn("state", "outcome", "tool", "direction", "model", "type");
      });
    }
  }

  @Test
  void eventsReachEveryBoundRegistry() {
    SimpleMeterRegistry second = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    metrics.bindTo(second);
    metrics.onEvent(userMessage("s1"));
    metrics.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
    assertThat(second.get(CopilotMetrics.TURNS).tag("outcome", "success").counter().count()).isEqualTo(1);
  }

  @Test
  void closeForgetsOpenTurns() {
    metrics.onEvent(userMessage("s1"));
    metrics.close();

    assertThat(metrics.openTurns()).isZero();
  }

  static EventInfo info(String sessionId) {
    return new EventInfo(sessionId, "e-" + System.nanoTime(), null, Instant.now(), false);
  }

  static UserMessageEvent userMessage(String sessionId) {
    return new UserMessageEvent(info(sessionId), "hello", null, "m1", "i1", "0", "idle");
  }

  static SessionErrorEvent terminated(String sessionId) {
    return new SessionErrorEvent(info(sessionId), CopilotSession.TERMINATED_ERROR_TYPE,
        "Session " + sessionId + " was closed.", null, null, null);
  }

  static ToolExecutionStartEvent toolStart(String sessionId, String callId, String tool) {
    return new ToolExecutionStartEvent(info(sessionId), callId, tool, "{}", "0", "claude-sonnet-4.5", null);
  }

  static ToolExecutionCompleteEvent toolComplete(String sessionId, String callId, boolean success, String code) {
    return new ToolExecutionCompleteEvent(info(sessionId), callId, success, success ? "ok" : null, null,
        success ? null : "failed", code, "0", "i1", "claude-sonnet-4.5");
  }

  static AssistantUsageEvent usage(String sessionId, String model, long input, long output) {
    return new AssistantUsageEvent(info(sessionId), model, input, output, 0, 0, 1.0, 120, null, "user", "stop",
        "call", "{}");
  }
}
