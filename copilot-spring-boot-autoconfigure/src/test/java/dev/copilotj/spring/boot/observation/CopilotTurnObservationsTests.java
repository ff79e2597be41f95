package dev.copilotj.spring.boot.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.EventInfo;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

/** One observation per turn, fed with synthetic session events. */
class CopilotTurnObservationsTests {

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
      .serverAddress("127.0.0.1:1").build());

  @Test
  void oneObservationPerTurnWithTheFinalModelAndUsage() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);

    observations.onEvent(userMessage("s1", "hello"));
    assertThat(registry).hasObservationWithNameEqualTo("copilot.turn").that().hasBeenStarted().isNotStopped();
    observations.onEvent(new AssistantTurnStartEvent(info("s1"), "0", "i1"));
    observations.onEvent(new ToolExecutionStartEvent(info("s1"), "c1", "echo_upper", "{}", "0", null, null));
    observations.onEvent(usage("s1", "claude-sonnet-4.5", 100, 7));
    observations.onEvent(new AssistantTurnStartEvent(info("s1"), "1", "i1"));
    observations.onEvent(usage("s1", "claude-sonnet-4.5", 150, 12));
    observations.onEvent(answer("s1", "the answer"));
    observations.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry).hasNumberOfObservationsEqualTo(1)
        .hasSingleObservationThat().hasNameEqualTo("copilot.turn")
        .hasContextualNameEqualTo("invoke_agent copilot")
        .hasBeenStopped()
        .doesNotHaveError()
        .hasLowCardinalityKeyValue("gen_ai.operation.name", "invoke_agent")
        .hasLowCardinalityKeyValue("gen_ai.request.model", "claude-sonnet-4.5")
        .hasLowCardinalityKeyValue("outcome", "success")
        .hasLowCardinalityKeyValue("error.type", "none")
        .hasHighCardinalityKeyValue("gen_ai.conversation.id", "s1")
        .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "250")
        .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "19")
        .doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.prompt")
        .doesNotHaveHighCardinalityKeyValueWithKey("gen_ai.completion");
    assertThat(observations.openTurns()).isZero();
  }

  @Test
  void aSessionErrorIsTheObservationsError() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);

    observations.onEvent(userMessage("s1", "hello"));
    observations.onEvent(new SessionErrorEvent(info("s1"), "query", "Execution failed", 502, null, "m1"));
    observations.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry).hasSingleObservationThat().hasBeenStopped()
        .hasError()
        .hasLowCardinalityKeyValue("outcome", "error")
        .hasLowCardinalityKeyValue("error.type", "query")
        .hasLowCardinalityKeyValue("gen_ai.request.model", "unknown");
  }

  @Test
  void terminationMidTurnStopsTheObservationAsFailed() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);

    observations.onEvent(userMessage("s1", "hello"));
    observations.onEvent(new SessionErrorEvent(info("s1"), CopilotSession.TERMINATED_ERROR_TYPE, "closed", null,
        null, null));
    observations.onEvent(new SessionErrorEvent(info("s2"), CopilotSession.TERMINATED_ERROR_TYPE, "closed", null,
        null, null));

    assertThat(registry).hasNumberOfObservationsEqualTo(1).hasSingleObservationThat().hasBeenStopped().hasError()
        .hasLowCardinalityKeyValue("error.type", "client.terminated");
    assertThat(observations.openTurns()).isZero();
  }

  @Test
  void promptAndCompletionOnlyWhenAskedFor() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, true, true);

    observations.onEvent(userMessage("s1", "what is 2+2?"));
    observations.onEvent(answer("s1", ""));
    observations.onEvent(answer("s1", "4"));
    observations.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry).hasSingleObservationThat()
        .hasHighCardinalityKeyValue("gen_ai.prompt", "what is 2+2?")
        .hasHighCardinalityKeyValue("gen_ai.completion", "4");
  }

  @Test
  void aCustomConventionReplacesTheDefault() {
    CopilotObservationConvention custom = new DefaultCopilotObservationConvention() {
      @Override
      public String getName() {
        return "my.turn";
      }

      @Override
      public KeyValues getLowCardinalityKeyValues(CopilotTurnObservationContext context) {
        return super.getLowCardinalityKeyValues(context).and("team", "blue");
      }
    };
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, custom, false, false);

    observations.onEvent(userMessage("s1", "hello"));
    observations.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(registry).hasSingleObservationThat().hasNameEqualTo("my.turn")
        .hasLowCardinalityKeyValue("team", "blue").hasLowCardinalityKeyValue("outcome", "success");
  }

  @Test
  void worksWithTheNoopRegistry() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, ObservationRegistry.NOOP, null,
        false, false);
    observations.onEvent(userMessage("s1", "hello"));
    observations.onEvent(new SessionIdleEvent(info("s1"), null));

    assertThat(observations.openTurns()).isZero();
  }

  @Test
  void closeStopsOpenTurns() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);
    observations.onEvent(userMessage("s1", "hello"));

    observations.close();

    assertThat(registry).hasSingleObservationThat().hasBeenStopped();
    assertThat(observations.openTurns()).isZero();
  }

  private static EventInfo info(String sessionId) {
    return new EventInfo(sessionId, "e-" + System.nanoTime(), null, Instant.now(), false);
  }

  private static UserMessageEvent userMessage(String sessionId, String prompt) {
    return new UserMessageEvent(info(sessionId), prompt, null, "m1", "i1", "0", "idle");
  }

  private static AssistantMessageEvent answer(String sessionId, String content) {
    return new AssistantMessageEvent(info(sessionId), "m2", content, List.of(), "m1", "claude-sonnet-4.5", "i1",
        "1", null);
  }

  private static AssistantUsageEvent usage(String sessionId, String model, long input, long output) {
    return new AssistantUsageEvent(info(sessionId), model, input, output, 0, 0, 1.0, 120, null, "user", "stop",
        "call", "{}");
  }
}
