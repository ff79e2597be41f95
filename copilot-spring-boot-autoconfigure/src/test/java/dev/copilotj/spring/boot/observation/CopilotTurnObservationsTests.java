package dev.copilotj.spring.boot.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.spring.boot.ScriptedSessions;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnOutcome;
import dev.copilotj.turn.TurnStarted;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

/** One observation per turn, fed with the client's turn records, and once from the wire through a real client. */
class CopilotTurnObservationsTests {

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
      .serverAddress("127.0.0.1:1").build());

  @Test
  void oneObservationPerTurnWithTheFinalModelAndUsage() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);

    observations.onTurn(new TurnStarted("s1", "hello"));
    assertThat(registry).hasObservationWithNameEqualTo("copilot.turn").that().hasBeenStarted().isNotStopped();
    observations.onTurn(new TurnEnded("s1", TurnOutcome.SUCCESS, Duration.ofMillis(20), "claude-sonnet-4.5", 250,
        19, 2, 1, null, null, "hello", "the answer"));

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
    assertThat(registry).hasSingleObservationThat().isInstanceOfSatisfying(CopilotTurnObservationContext.class,
        context -> {
          assertThat(context.getModelCalls()).isEqualTo(2);
          assertThat(context.getToolCalls()).isEqualTo(1);
        });
    assertThat(observations.openTurns()).isZero();
  }

  @Test
  void aSessionErrorIsTheObservationsError() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);

    observations.onTurn(new TurnStarted("s1", "hello"));
    observations.onTurn(new TurnEnded("s1", TurnOutcome.ERROR, Duration.ofMillis(20), null, 0, 0, 0, 0, "query",
        "Execution failed", "hello", null));

    assertThat(registry).hasSingleObservationThat().hasBeenStopped()
        .hasError()
        .hasLowCardinalityKeyValue("outcome", "error")
        .hasLowCardinalityKeyValue("error.type", "query")
        .hasLowCardinalityKeyValue("gen_ai.request.model", "unknown");
  }

  @Test
  void terminationMidTurnStopsTheObservationAsFailed() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);

    observations.onTurn(new TurnStarted("s1", "hello"));
    observations.onTurn(terminated("s1"));
    observations.onTurn(terminated("s2"));

    assertThat(registry).hasNumberOfObservationsEqualTo(1).hasSingleObservationThat().hasBeenStopped().hasError()
        .hasLowCardinalityKeyValue("error.type", "client.terminated");
    assertThat(observations.openTurns()).isZero();
  }

  @Test
  void promptAndCompletionOnlyWhenAskedFor() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, true, true);

    observations.onTurn(new TurnStarted("s1", "what is 2+2?"));
    observations.onTurn(new TurnEnded("s1", TurnOutcome.SUCCESS, Duration.ofMillis(20), "claude-sonnet-4.5", 1, 1,
        1, 0, null, null, "what is 2+2?", "4"));

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

    observations.onTurn(new TurnStarted("s1", "hello"));
    observations.onTurn(succeeded("s1"));

    assertThat(registry).hasSingleObservationThat().hasNameEqualTo("my.turn")
        .hasLowCardinalityKeyValue("team", "blue").hasLowCardinalityKeyValue("outcome", "success");
  }

  @Test
  void worksWithTheNoopRegistry() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, ObservationRegistry.NOOP, null,
        false, false);
    observations.onTurn(new TurnStarted("s1", "hello"));
    observations.onTurn(succeeded("s1"));

    assertThat(observations.openTurns()).isZero();
  }

  @Test
  void closeStopsOpenTurns() {
    CopilotTurnObservations observations = new CopilotTurnObservations(client, registry, null, false, false);
    observations.onTurn(new TurnStarted("s1", "hello"));

    observations.close();

    assertThat(registry).hasSingleObservationThat().hasBeenStopped();
    assertThat(observations.openTurns()).isZero();
  }

  @Test
  void aTurnFromTheWireIsObservedWithWhatTheClientReported() throws Exception {
    try (ScriptedSessions cli = new ScriptedSessions()) {
      CopilotTurnObservations observations = new CopilotTurnObservations(cli.client(), registry, null, true, true);
      cli.open("s1");
      cli.send("s1", "user.message", Map.of("content", "hello", "messageId", "m1"));
      cli.send("s1", "assistant.turn_start", Map.of("turnId", "0"));
      cli.send("s1", "tool.execution_start", Map.of("toolCallId", "c1", "toolName", "echo_upper"));
      cli.send("s1", "assistant.usage", Map.of("model", "claude-sonnet-4.5", "inputTokens", 100, "outputTokens", 7));
      cli.send("s1", "assistant.message", Map.of("messageId", "m2", "content", "the answer", "toolRequests",
          List.of(), "model", "claude-sonnet-4.5"));
      cli.send("s1", "session.idle", Map.of());

      await().atMost(Duration.ofSeconds(10)).until(() -> cli.ended().size() == 1);
      assertThat(registry).hasSingleObservationThat().hasBeenStopped().doesNotHaveError()
          .hasLowCardinalityKeyValue("gen_ai.request.model", "claude-sonnet-4.5")
          .hasLowCardinalityKeyValue("outcome", "success")
          .hasHighCardinalityKeyValue("gen_ai.conversation.id", "s1")
          .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "100")
          .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "7")
          .hasHighCardinalityKeyValue("gen_ai.prompt", "hello")
          .hasHighCardinalityKeyValue("gen_ai.completion", "the answer");
      assertThat(observations.openTurns()).isZero();
      observations.close();
    }
  }

  private static TurnEnded succeeded(String sessionId) {
    return new TurnEnded(sessionId, TurnOutcome.SUCCESS, Duration.ofMillis(20), null, 0, 0, 0, 0, null, null,
        "hello", null);
  }

  private static TurnEnded terminated(String sessionId) {
    return new TurnEnded(sessionId, TurnOutcome.TERMINATED, Duration.ofMillis(20), null, 0, 0, 0, 0,
        CopilotSession.TERMINATED_ERROR_TYPE, "closed", "hello", null);
  }
}
