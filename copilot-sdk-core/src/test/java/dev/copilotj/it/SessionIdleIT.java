package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionClosedException;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The session idle time-out on the real CLI: an idle session is closed and says why; a long turn is not. */
@CopilotOfflineTest
class SessionIdleIT {

  private static final Duration TURN = Duration.ofSeconds(30);
  private static final Duration IDLE = Duration.ofMillis(1500);

  private CopilotClient client;

  @BeforeEach
  void startClient(CopilotTestRig rig) throws Exception {
    client = new CopilotClient(OfflineClients.options(rig).sessionIdleTimeout(IDLE).build());
    client.start().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopClient() {
    client.close();
  }

  @Test
  void anIdleSessionIsClosedSaysWhyAndCanBeResumed() throws Exception {
    List<SessionErrorEvent> errors = new CopyOnWriteArrayList<>();
    CopilotSession session = client.createSession(SessionConfig.builder().build()).get(30, TimeUnit.SECONDS);
    session.on(SessionErrorEvent.class, errors::add);
    assertThat(session.sendAndWait("Say hello", TURN).get(40, TimeUnit.SECONDS).content())
        .isEqualTo("Hello from the fake model.");
    long answered = System.nanoTime();

    await().atMost(Duration.ofSeconds(10)).until(session::isTerminated);
    Duration after = Duration.ofNanos(System.nanoTime() - answered);

    assertThat(after).as("closed %d ms after the answer", after.toMillis())
        .isGreaterThanOrEqualTo(IDLE.minusMillis(100)).isLessThan(IDLE.plusSeconds(3));
    await().atMost(Duration.ofSeconds(5)).until(() -> !errors.isEmpty());
    assertThat(errors.get(0).errorType()).isEqualTo(CopilotSession.TERMINATED_ERROR_TYPE);
    assertThat(errors.get(0).message()).contains("was closed after 1500 ms without a prompt", "sessionIdleTimeout");
    assertThat(client.openSessionCount()).isZero();
    assertThatThrownBy(() -> session.sendAndWait("Still there?", TURN).get(5, TimeUnit.SECONDS))
        .cause().isInstanceOf(SessionClosedException.class).hasMessageContaining("without a prompt");

    CopilotSession resumed = client.resumeSession(session.id(), SessionConfig.builder().build())
        .get(30, TimeUnit.SECONDS);
    assertThat(resumed.sendAndWait("Say hello", TURN).get(40, TimeUnit.SECONDS).content())
        .isEqualTo("Hello from the fake model.");
  }

  @Test
  void aTurnLongerThanTheTimeOutIsNotCut(CopilotTestRig rig) throws Exception {
    rig.fakeApi().setResponder(request -> FakeReply.text("A slow answer.").after(IDLE.multipliedBy(2)));
    CopilotSession session = client.createSession(SessionConfig.builder().build()).get(30, TimeUnit.SECONDS);

    assertThat(session.sendAndWait("Take your time", TURN).get(40, TimeUnit.SECONDS).content())
        .isEqualTo("A slow answer.");
    assertThat(session.isTerminated()).isFalse();
  }
}
