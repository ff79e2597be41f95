package dev.copilotj.it;

import static dev.copilotj.it.Faults.alive;
import static dev.copilotj.it.Faults.failsWithin;
import static dev.copilotj.it.Faults.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.copilotj.ClientState;
import dev.copilotj.ClientStateChange;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotException;
import dev.copilotj.CopilotSession;
import dev.copilotj.PingResponse;
import dev.copilotj.RequestTimeoutException;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.test.FakeReply;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into the real Copilot CLI (offline): killed mid-turn, mid-tool-call and mid-create, frozen,
 * a "CLI" that closes its stdout, and the application stopping with 50 turns in flight. Each time every pending
 * future ends promptly with the cause, sessions hear a terminal event, and no process or thread is left.
 */
class ReliabilityIT {

  /** How soon after a SIGKILL every pending future must have failed. */
  private static final Duration PROMPTLY = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static CopilotTestRig rig;
  private static FakeCopilotApi fake;
  private final List<CopilotClient> clients = new ArrayList<>();

  @BeforeAll
  static void startRig() {
    // delayed replies hold a fake server thread each: room for the 50 turns in flight
    rig = CopilotTestRig.start(FakeCopilotApi.builder().threads(80));
    fake = rig.fakeApi();
  }

  @AfterAll
  static void closeRig() {
    rig.close();
  }

  @BeforeEach
  void resetFake() {
    fake.reset();
  }

  @AfterEach
  void stopClients() {
    clients.forEach(client -> client.forceStop().join());
  }

  // ---------------------------------------------------------------- SIGKILL

  @Test
  void aCliKilledMidTurnFailsTheTurnWithinASecondAndTerminatesTheSession() throws Exception {
    CopilotClient client = start(OfflineClients.options(rig));
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    client.onStateChange(changes::add);
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CopilotSession session = client.createSession(SessionConfig.builder().onEvent(events::add).build())
        .get(30, TimeUnit.SECONDS);
    fake.enqueue(FakeReply.text("never delivered").after(Duration.ofSeconds(10)));

    CompletableFuture<AssistantMessageEvent> turn = session.sendAndWait("a slow question", Duration.ofSeconds(60));
    fake.awaitChatRequests(1, WAIT); // the CLI now waits for the model: mid-turn
    long pid = client.cliPid();

    long killed = System.nanoTime();
    signal("KILL", pid);

    Throwable cause = failsWithin(turn, killed, PROMPTLY);
    assertKilled(cause);
    assertTerminalEvent(events, cause);
    await().atMost(Duration.ofSeconds(2)).until(() -> client.state() == ClientState.FAILED);
    assertThat(client.failure()).isSameAs(cause);
    assertThat(session.isTerminated()).isTrue();
    assertThat(session.send("after the crash")).isCompletedExceptionally();
    assertThat(alive(pid)).isFalse();
    // the listener came after start(): the state lane may still tell it of that start's STARTING -> CONNECTED
    await().atMost(Duration.ofSeconds(2))
        .until(() -> changes.stream().anyMatch(change -> change.current() == ClientState.FAILED));
    assertThat(changes).filteredOn(change -> change.current() != ClientState.CONNECTED).singleElement()
        .satisfies(change -> {
          assertThat(change.previous()).isEqualTo(ClientState.CONNECTED);
          assertThat(change.current()).isEqualTo(ClientState.FAILED);
          assertThat(change.cause()).isSameAs(cause);
        });
  }

  @Test
  void aCliKilledWhileAToolHandlerRunsFailsTheTurnWithinASecond() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ToolDefinition slowTool = ToolDefinition.builder("slow_lookup")
        .description("Looks something up, slowly")
        .parametersSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
        .handler(call -> {
          entered.countDown();
          release.await(30, TimeUnit.SECONDS); // still running when the CLI dies
          return ToolResult.text("too late");
        })
        .build();
    CopilotClient client = start(OfflineClients.options(rig));
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CopilotSession session = client.createSession(SessionConfig.builder().tool(slowTool).onEvent(events::add)
        .build()).get(30, TimeUnit.SECONDS);

    CompletableFuture<AssistantMessageEvent> turn =
        session.sendAndWait("CALL_TOOL slow_lookup {\"text\":\"x\"}", Duration.ofSeconds(60));
    assertThat(entered.await(30, TimeUnit.SECONDS)).as("the tool handler started").isTrue();
    long pid = client.cliPid();

    long killed = System.nanoTime();
    signal("KILL", pid);
    try {
      Throwable cause = failsWithin(turn, killed, PROMPTLY);
      assertKilled(cause);
      assertTerminalEvent(events, cause);
      await().atMost(Duration.ofSeconds(2)).until(() -> client.state() == ClientState.FAILED);
    } finally {
      release.countDown();
    }
    // the handler returns into a dead connection: its answer fails quietly, nothing hangs or changes
    Thread.sleep(300);
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
    assertThat(alive(pid)).isFalse();
  }

  @Test
  void aCliKilledWhileASessionCreateIsPendingFailsTheCreateAndLeavesNothingRegistered() throws Exception {
    CopilotClient client = start(OfflineClients.options(rig));
    long pid = client.cliPid();
    signal("STOP", pid); // frozen: the create and the ping stay pending
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CompletableFuture<CopilotSession> create =
        client.createSession(SessionConfig.builder().onEvent(events::add).build());
    CompletableFuture<PingResponse> ping = client.ping("frozen");
    Thread.sleep(200);
    assertThat(create).isNotDone();
    assertThat(ping).isNotDone();
    assertThat(client.openSessionCount()).isEqualTo(1); // registered before the create is sent

    long killed = System.nanoTime();
    signal("KILL", pid);

    Throwable createFailure = failsWithin(create, killed, PROMPTLY);
    Throwable pingFailure = failsWithin(ping, killed, PROMPTLY);
    assertKilled(createFailure);
    assertThat(pingFailure).isSameAs(createFailure);
    assertTerminalEvent(events, createFailure);
    await().atMost(Duration.ofSeconds(2)).until(() -> client.state() == ClientState.FAILED);
    assertThat(Faults.registryOf(client).isEmpty()).as("registry of the dead connection").isTrue();
    assertThat(client.openSessionCount()).isZero();
    assertThat(alive(pid)).isFalse();
  }

  // ---------------------------------------------------------------- SIGSTOP

  @Test
  void aFrozenCliTimesRequestsOutAndStopStillEndsInBoundedTime() throws Exception {
    Duration requestTimeout = Duration.ofMillis(500);
    Duration shutdownTimeout = Duration.ofMillis(500);
    CopilotClient client = start(OfflineClients.options(rig).requestTimeout(requestTimeout)
        .shutdownTimeout(shutdownTimeout));
    CopilotSession session = client.createSession().get(30, TimeUnit.SECONDS);
    long pid = client.cliPid();
    signal("STOP", pid);
    try {
      long sent = System.nanoTime();
      CompletableFuture<PingResponse> ping = client.ping("anyone there?");
      CompletableFuture<AssistantMessageEvent> turn = session.sendAndWait("frozen", Duration.ofSeconds(30));

      assertThat(failsWithin(ping, sent, Duration.ofSeconds(2))).isInstanceOf(RequestTimeoutException.class)
          .hasMessageContaining("'ping'").hasMessageContaining("500 ms");
      assertThat(failsWithin(turn, sent, Duration.ofSeconds(2))).isInstanceOf(RequestTimeoutException.class)
          .hasMessageContaining("'session.send'");
      assertThat(client.state()).as("a timeout is not a lost connection").isEqualTo(ClientState.CONNECTED);

      // runtime.shutdown (1 s) goes unanswered, then stdin EOF, SIGTERM (pending on a stopped process) and
      // SIGKILL, each waited for at most shutdownTimeout
      long stopping = System.nanoTime();
      client.stop().get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - stopping);
      System.out.printf("RELIABILITY: stop() of a SIGSTOPped CLI took %d ms (bound 1100 + 3 x %d ms)%n",
          took.toMillis(), shutdownTimeout.toMillis());
      assertThat(took).isLessThan(Duration.ofMillis(1100).plus(shutdownTimeout.multipliedBy(3)).plusSeconds(1));
      assertThat(client.state()).isEqualTo(ClientState.STOPPED);
      assertThat(alive(pid)).isFalse();
      assertThat(session.isTerminated()).isTrue();
    } finally {
      if (alive(pid)) {
        signal("KILL", pid);
      }
    }
  }

  // ---------------------------------------------------------------- a CLI that closes its stdout

  @Test
  void aCliThatClosesItsStdoutButKeepsRunningFailsTheStartClearlyAndIsKilled(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("pid");
    Path cli = Faults.script(dir, "mute-cli", "echo $$ > '" + pidFile + "'\nexec 1>&-\nexec sleep 60\n");
    CopilotClient client = new CopilotClient(CopilotClientOptions.builder().cliPath(cli)
        .startupTimeout(Duration.ofSeconds(20)).build());
    clients.add(client);

    long started = System.nanoTime();
    Throwable cause = failsWithin(client.start(), started, Duration.ofSeconds(5));

    assertThat(cause).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("closed its output but is still running");
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid));
  }

  // ---------------------------------------------------------------- application shutdown under load

  @Test
  void closingTheClientWithFiftyTurnsInFlightEndsEveryFutureAndLeavesNoProcessOrThread() throws Exception {
    Set<String> threadsBefore = Faults.nonDaemonThreads();
    CountDownLatch release = new CountDownLatch(1);
    fake.setResponder(request -> {
      try {
        release.await(60, TimeUnit.SECONDS); // the model "thinks" until the test is over
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FakeReply.text("late");
    });
    try {
      CopilotClient client = start(OfflineClients.options(rig).shutdownTimeout(Duration.ofSeconds(2)));
      int sessions = 50;
      List<CompletableFuture<AssistantMessageEvent>> turns = new ArrayList<>();
      List<CopilotSession> opened = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        opened.add(client.createSession().get(30, TimeUnit.SECONDS));
      }
      for (int i = 0; i < sessions; i++) {
        turns.add(opened.get(i).sendAndWait("turn in flight " + i, Duration.ofMinutes(2)));
      }
      fake.awaitChatRequests(sessions, Duration.ofSeconds(60)); // all 50 wait for the model
      CompletableFuture<String> stillPending = client.call("session.list", null);
      long pid = client.cliPid();

      long closing = System.nanoTime();
      client.close();
      Duration took = Duration.ofNanos(System.nanoTime() - closing);

      await().atMost(Duration.ofSeconds(2)).until(() -> turns.stream().allMatch(CompletableFuture::isDone));
      long failed = turns.stream().filter(CompletableFuture::isCompletedExceptionally).count();
      System.out.printf("RELIABILITY: close() with %d turns in flight took %d ms; %d failed, %d completed,"
          + " 0 pending%n", sessions, took.toMillis(), failed, sessions - failed);
      assertThat(failed).isEqualTo(sessions);
      for (CompletableFuture<AssistantMessageEvent> turn : turns) {
        assertThat(turn.handle((ok, error) -> error).join()).isInstanceOf(CopilotException.class);
      }
      assertThat(stillPending).isDone();
      assertThat(took).isLessThan(Duration.ofSeconds(2 * 3 + 1 + 2));
      assertThat(client.state()).isEqualTo(ClientState.STOPPED);
      assertThat(alive(pid)).isFalse();
      assertThat(opened).allMatch(CopilotSession::isTerminated);
      assertThat(client.openSessionCount()).isZero();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        assertThat(Faults.nonDaemonThreads()).isSubsetOf(threadsBefore);
        assertThat(Faults.sdkConnectionThreads()).isEmpty();
      });
    } finally {
      release.countDown();
    }
  }

  // ---------------------------------------------------------------- helpers

  private CopilotClient start(CopilotClientOptions.Builder options) throws Exception {
    CopilotClient client = new CopilotClient(options.build());
    clients.add(client);
    client.start().get(30, TimeUnit.SECONDS);
    return client;
  }

  private static void assertKilled(Throwable cause) {
    assertThat(cause).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("exited with code 137")
        .hasMessageContaining("SIGKILL");
    assertThat(((ConnectionClosedException) cause).exitCode()).isEqualTo(137);
  }

  /** The session's listeners hear, last, a synthetic error saying the client lost the CLI, and why. */
  private static void assertTerminalEvent(List<SessionEvent> events, Throwable cause) {
    await().atMost(Duration.ofSeconds(2)).until(() -> !events.isEmpty()
        && events.get(events.size() - 1) instanceof SessionErrorEvent error
        && CopilotSession.TERMINATED_ERROR_TYPE.equals(error.errorType()));
    SessionErrorEvent terminal = (SessionErrorEvent) events.get(events.size() - 1);
    assertThat(terminal.message()).isEqualTo(cause.getMessage());
    assertThat(events).filteredOn(SessionErrorEvent.class::isInstance)
        .filteredOn(e -> CopilotSession.TERMINATED_ERROR_TYPE.equals(((SessionErrorEvent) e).errorType()))
        .as("terminated once").hasSize(1);
  }
}
