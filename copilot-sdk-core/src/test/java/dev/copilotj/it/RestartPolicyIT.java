package dev.copilotj.it;

import static dev.copilotj.it.Faults.alive;
import static dev.copilotj.it.Faults.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.copilotj.ClientState;
import dev.copilotj.ClientStateChange;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.RestartPolicy;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart policy with the real Copilot CLI, offline: a killed CLI comes back; one that cannot, does not loop. */
@CopilotOfflineTest
class RestartPolicyIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aKilledCliIsRestartedWithANewPidAndANewSessionWorks(CopilotTestRig rig) throws Exception {
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = new CopilotClient(OfflineClients.options(rig)
        .restartPolicy(RestartPolicy.attempts(3, Duration.ofMillis(200), Duration.ofSeconds(2))).build());
    client.onStateChange(changes::add);
    try {
      client.start().get(30, TimeUnit.SECONDS);
      long firstPid = client.cliPid();
      List<SessionEvent> events = new CopyOnWriteArrayList<>();
      CopilotSession before = client.createSession(SessionConfig.builder().onEvent(events::add).build())
          .get(30, TimeUnit.SECONDS);

      signal("KILL", firstPid);

      await().atMost(WAIT).until(() -> changes.size() >= 5 && client.state() == ClientState.CONNECTED);
      assertThat(changes).extracting(ClientStateChange::current).containsExactly(ClientState.STARTING,
          ClientState.CONNECTED, ClientState.FAILED, ClientState.STARTING, ClientState.CONNECTED);
      Throwable loss = changes.get(2).cause();
      assertThat(loss).isInstanceOf(ConnectionClosedException.class).hasMessageContaining("exited with code 137");
      long secondPid = client.cliPid();
      assertThat(secondPid).isNotEqualTo(firstPid);
      assertThat(alive(firstPid)).isFalse();
      assertThat(alive(secondPid)).isTrue();

      // the old session is gone, clearly: never resumed behind the caller's back
      assertThat(before.isTerminated()).isTrue();
      assertThat(events).filteredOn(SessionErrorEvent.class::isInstance).singleElement().satisfies(event ->
          assertThat(((SessionErrorEvent) event).errorType()).isEqualTo(CopilotSession.TERMINATED_ERROR_TYPE));
      assertThat(before.send("to the dead CLI")).isCompletedExceptionally();

      CopilotSession after = client.createSession().get(30, TimeUnit.SECONDS);
      assertThat(after.sendAndWait("hello again", WAIT).get(40, TimeUnit.SECONDS).content())
          .isEqualTo(FakeCopilotApi.DEFAULT_TEXT);
      client.stop().get(30, TimeUnit.SECONDS);
      assertThat(alive(secondPid)).isFalse();
    } finally {
      client.forceStop().join();
    }
  }

  @Test
  void aCliThatCannotBeRestartedIsTriedMaxAttemptsTimesThenTheClientStaysFailed(CopilotTestRig rig,
      @TempDir Path dir) throws Exception {
    Path marker = dir.resolve("started-once");
    // the real CLI the first time only; every restart exits 1 with a reason on stderr
    Path cli = Faults.script(dir, "once-cli", "if [ -e '" + marker + "' ]; then\n"
        + "  echo 'refusing to start a second time' >&2\n  exit 1\nfi\n"
        + ": > '" + marker + "'\n"
        + "exec '" + rig.cliPath() + "' \"$@\"\n");
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    List<Long> startingAt = new CopyOnWriteArrayList<>();
    CopilotClient client = new CopilotClient(OfflineClients.options(rig).cliPath(cli)
        .restartPolicy(RestartPolicy.attempts(3, Duration.ofMillis(100), Duration.ofMillis(300))).build());
    client.onStateChange(change -> {
      changes.add(change);
      if (change.current() == ClientState.STARTING) {
        startingAt.add(System.nanoTime());
      }
    });
    try {
      client.start().get(30, TimeUnit.SECONDS);
      signal("KILL", client.cliPid());

      await().atMost(WAIT).until(() -> changes.size() >= 9);
      Thread.sleep(1000); // no fourth attempt
      assertThat(changes).extracting(ClientStateChange::current).containsExactly(ClientState.STARTING,
          ClientState.CONNECTED, ClientState.FAILED, ClientState.STARTING, ClientState.FAILED, ClientState.STARTING,
          ClientState.FAILED, ClientState.STARTING, ClientState.FAILED);
      assertThat(client.state()).isEqualTo(ClientState.FAILED);
      assertThat(client.failure()).isSameAs(changes.get(8).cause())
          .isInstanceOf(ConnectionClosedException.class)
          .hasMessageContaining("exited with code 1")
          .hasMessageContaining("refusing to start a second time");
      // back-off 100, 200, then 300 (capped) ms between a failure and the next attempt
      List<Long> gaps = new ArrayList<>();
      for (int attempt = 1; attempt <= 3; attempt++) {
        gaps.add(TimeUnit.NANOSECONDS.toMillis(startingAt.get(attempt) - startingAt.get(attempt - 1)));
      }
      System.out.printf("RESTART: 3 failed attempts, gaps between attempts %s ms%n", gaps);
      assertThat(gaps.get(1)).isGreaterThanOrEqualTo(200);
      assertThat(gaps.get(2)).isGreaterThanOrEqualTo(300);
    } finally {
      client.forceStop().join();
    }
  }
}
