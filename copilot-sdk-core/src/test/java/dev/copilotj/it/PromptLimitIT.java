package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotException;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.TurnFailedException;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import org.junit.jupiter.api.Test;

/**
 * A 2 MB prompt on the real CLI. Without the SDK's limit the CLI takes it into the session's history, fails the turn
 * for the model's token budget, and then fails every later turn of the session: that is why
 * {@code CopilotClientOptions.maxPromptChars} exists. With the limit (the default) the prompt fails at once,
 * nothing is sent, and the session answers the next prompt.
 */
@CopilotOfflineTest
class PromptLimitIT {

  private static final Duration TURN = Duration.ofSeconds(60);
  private static final String TWO_MEGABYTES = "x".repeat(2_000_000);

  @Test
  void aPromptOverTheLimitFailsAtOnceAndTheSessionGoesOn(CopilotTestRig rig) throws Exception {
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      CopilotSession session = client.createSession(SessionConfig.builder().build()).get(30, TimeUnit.SECONDS);
      rig.fakeApi().reset();
      long began = System.nanoTime();

      assertThatThrownBy(() -> session.sendAndWait(TWO_MEGABYTES, TURN).get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(CopilotException.class)
          .hasMessageContaining("The prompt has 2000000 characters, more than the limit of 262144")
          .hasMessageContaining("nothing was sent");
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      assertThat(took).as("failed after %d ms", took.toMillis()).isLessThan(Duration.ofSeconds(1));
      assertThat(rig.fakeApi().chatRequests()).as("nothing reached the model").isEmpty();
      assertThat(session.sendAndWait("Say hello", TURN).get(70, TimeUnit.SECONDS).content())
          .isEqualTo("Hello from the fake model.");
    }
  }

  /** The CLI's behaviour the limit protects against; if a CLI release stops poisoning the session, this fails. */
  @Test
  void withoutTheLimitTheCliFailsTheTurnAndEveryLaterTurnOfTheSession(CopilotTestRig rig) throws Exception {
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).maxPromptChars(Integer.MAX_VALUE)
        .build())) {
      client.start().get(30, TimeUnit.SECONDS);
      CopilotSession session = client.createSession(SessionConfig.builder().build()).get(30, TimeUnit.SECONDS);

      assertThatThrownBy(() -> session.sendAndWait(TWO_MEGABYTES, TURN).get(70, TimeUnit.SECONDS))
          .cause().isInstanceOf(TurnFailedException.class)
          .hasMessageContaining("Request exceeds the model's prompt budget");
      assertThatThrownBy(() -> session.sendAndWait("Say hello", TURN).get(70, TimeUnit.SECONDS))
          .cause().isInstanceOf(TurnFailedException.class)
          .hasMessageContaining("Unable to discover current model capabilities");
    }
  }
}
