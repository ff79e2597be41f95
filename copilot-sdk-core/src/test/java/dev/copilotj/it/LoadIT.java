package dev.copilotj.it;

import static dev.copilotj.it.Faults.alive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.copilotj.ClientState;
import dev.copilotj.ClientStateChange;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load on one real Copilot CLI (offline): many sessions doing tool turns at once from many threads, and one
 * client started and stopped many times. Sizes can be changed with {@code -Dcopilot.load.sessions},
 * {@code -Dcopilot.load.turns} and {@code -Dcopilot.load.cycles}; the figures are printed.
 */
class LoadIT {

  private static final int SESSIONS = Integer.getInteger("copilot.load.sessions", 200);
  private static final int TURNS = Integer.getInteger("copilot.load.turns", 5);
  private static final int CYCLES = Integer.getInteger("copilot.load.cycles", 100);
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}";
  /** One user message's turn, as the events that must come in this order (others come in between). */
  private static final List<String> TURN_SHAPE = List.of("user.message", "tool.execution_start",
      "permission.requested", "permission.completed", "external_tool.requested", "external_tool.completed",
      "tool.execution_complete", "assistant.message", "session.idle");

  private static CopilotTestRig rig;

  @BeforeAll
  static void startRig() {
    rig = CopilotTestRig.start(FakeCopilotApi.builder().threads(16));
  }

  @AfterAll
  static void closeRig() {
    rig.close();
  }

  @Test
  void manySessionsDoingToolTurnsAtOnceEachGetExactlyTheirOwnEventsInOrder() throws Exception {
    Set<String> threadsBefore = Faults.nonDaemonThreads();
    Map<String, List<String>> toolCalls = new ConcurrentHashMap<>();
    ToolDefinition echo = ToolDefinition.builder("echo_upper")
        .description("Upper-cases the given text")
        .parametersSchema(SCHEMA)
        .handler(call -> {
          String text = String.valueOf(call.arguments().get("text"));
          toolCalls.computeIfAbsent(call.sessionId(), id -> new CopyOnWriteArrayList<>()).add(text);
          return ToolResult.text(text.toUpperCase());
        })
        .build();
    CopilotClient client = new CopilotClient(OfflineClients.options(rig).requestTimeout(Duration.ofMinutes(2))
        .build());
    ExecutorService users = Executors.newFixedThreadPool(8);
    try {
      client.start().get(30, TimeUnit.SECONDS);
      long pid = client.cliPid();
      long started = System.nanoTime();

      // sessions created at once, from many threads
      List<List<SessionEvent>> received = new ArrayList<>();
      List<CompletableFuture<CopilotSession>> creates = new ArrayList<>();
      for (int s = 0; s < SESSIONS; s++) {
        List<SessionEvent> events = new CopyOnWriteArrayList<>();
        received.add(events);
        SessionConfig config = SessionConfig.builder().tool(echo).onEvent(events::add).build();
        creates.add(CompletableFuture.supplyAsync(() -> client.createSession(config), users)
            .thenCompose(future -> future));
      }
      List<CopilotSession> sessions = new ArrayList<>();
      for (CompletableFuture<CopilotSession> create : creates) {
        sessions.add(create.get(120, TimeUnit.SECONDS));
      }
      long created = System.nanoTime();

      // every session runs its turns one after the other; all sessions at the same time
      List<CompletableFuture<Void>> conversations = new ArrayList<>();
      for (int s = 0; s < SESSIONS; s++) {
        CopilotSession session = sessions.get(s);
        int index = s;
        CompletableFuture<Void> conversation = CompletableFuture.supplyAsync(() -> null, users);
        for (int t = 0; t < TURNS; t++) {
          String text = "s" + index + "-t" + t;
          conversation = conversation.thenCompose(ignored -> session.sendAndWait(
                  "CALL_TOOL echo_upper {\"text\":\"" + text + "\"}", Duration.ofMinutes(4))
              .thenAccept(answer -> assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: " + text.toUpperCase())));
        }
        conversations.add(conversation);
      }
      CompletableFuture.allOf(conversations.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
      long finished = System.nanoTime();

      // the CLI's stored history of every session, asked for all at once
      List<CompletableFuture<List<SessionEvent>>> histories = new ArrayList<>();
      for (CopilotSession session : sessions) {
        histories.add(session.messages());
      }

      // every session: its own events only, none lost, none twice, in order
      Set<String> allEventIds = new HashSet<>();
      long checked = 0;
      long historyChecked = 0;
      for (int s = 0; s < SESSIONS; s++) {
        CopilotSession session = sessions.get(s);
        List<SessionEvent> events = received.get(s);
        int index = s;
        await().atMost(Duration.ofSeconds(10)).until(() -> count(events, SessionIdleEvent.class) == TURNS);
        List<String> expectedTexts = new ArrayList<>();
        List<String> expectedPrompts = new ArrayList<>();
        List<String> expectedAnswers = new ArrayList<>();
        List<String> expectedShape = new ArrayList<>();
        for (int t = 0; t < TURNS; t++) {
          String text = "s" + index + "-t" + t;
          expectedTexts.add(text);
          expectedPrompts.add("CALL_TOOL echo_upper {\"text\":\"" + text + "\"}");
          expectedAnswers.add("TOOL RESULT WAS: " + text.toUpperCase());
          expectedShape.addAll(TURN_SHAPE);
        }
        assertThat(events).as("session %d", s).allMatch(event -> event.sessionId().equals(session.id()));
        List<String> ids = events.stream().map(SessionEvent::id).filter(id -> !id.isEmpty())
            .collect(Collectors.toList());
        assertThat(ids).as("event ids of session %d", s).doesNotHaveDuplicates();
        for (String id : ids) {
          assertThat(allEventIds.add(id)).as("event %s seen by one session only", id).isTrue();
        }
        assertThat(events).filteredOn(UserMessageEvent.class::isInstance)
            .extracting(event -> ((UserMessageEvent) event).content()).as("prompts of session %d", s)
            .containsExactlyElementsOf(expectedPrompts);
        assertThat(events).filteredOn(ToolExecutionStartEvent.class::isInstance).hasSize(TURNS);
        assertThat(events).filteredOn(ExternalToolRequestedEvent.class::isInstance).hasSize(TURNS);
        assertThat(events).filteredOn(ToolExecutionCompleteEvent.class::isInstance)
            .allMatch(event -> ((ToolExecutionCompleteEvent) event).success()).hasSize(TURNS);
        assertThat(events).filteredOn(AssistantMessageEvent.class::isInstance)
            .extracting(event -> ((AssistantMessageEvent) event).content())
            .filteredOn(content -> !content.isEmpty())
            .as("final answers of session %d", s).containsExactlyElementsOf(expectedAnswers);
        assertThat(count(events, SessionIdleEvent.class)).isEqualTo(TURNS);
        assertThat(toolCalls.get(session.id())).as("tool calls of session %d", s)
            .containsExactlyElementsOf(expectedTexts);
        List<String> types = events.stream().map(SessionEvent::type).collect(Collectors.toList());
        assertThat(types).as("event order of session %d", s).containsSubsequence(expectedShape);

        // the CLI's own record: every persisted event was delivered, in the same order
        List<String> persisted = histories.get(s).get(60, TimeUnit.SECONDS).stream().map(SessionEvent::id)
            .collect(Collectors.toList());
        List<String> deliveredPersistent = events.stream().filter(event -> !event.ephemeral())
            .map(SessionEvent::id).collect(Collectors.toList());
        assertThat(deliveredPersistent).as("persisted events of session %d, delivered in order", s)
            .containsSubsequence(persisted);
        historyChecked += persisted.size();
        checked += events.size();
      }

      long verified = System.nanoTime();
      CompletableFuture.allOf(sessions.stream().map(CopilotSession::destroy).toArray(CompletableFuture[]::new))
          .get(120, TimeUnit.SECONDS);
      assertThat(client.openSessionCount()).isZero();
      assertThat(Faults.registryOf(client).isEmpty()).as("registry after every session closed").isTrue();
      client.stop().get(30, TimeUnit.SECONDS);
      assertThat(alive(pid)).isFalse();

      double seconds = (finished - created) / 1e9;
      System.out.printf("LOAD: sessions=%d turns=%d tool calls=%d events checked=%d (of them %d against the CLI's"
              + " stored history) lost=0 duplicated=0 misordered=0; create %.1f s, turns %.1f s (%.1f tool turns/s),"
              + " checks %.1f s, close %.1f s%n",
          SESSIONS, SESSIONS * TURNS, toolCalls.values().stream().mapToInt(List::size).sum(), checked,
          historyChecked, (created - started) / 1e9, seconds, SESSIONS * TURNS / seconds,
          (verified - finished) / 1e9, (System.nanoTime() - verified) / 1e9);
    } finally {
      users.shutdownNow();
      client.forceStop().join();
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(Faults.nonDaemonThreads()).isSubsetOf(threadsBefore);
      assertThat(Faults.sdkConnectionThreads()).isEmpty();
    });
  }

  @Test
  void oneClientStartedAndStoppedManyTimesLeavesNoProcessAndNoThread() throws Exception {
    Set<String> threadsBefore = Faults.nonDaemonThreads();
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    List<Long> pids = new ArrayList<>();
    long startNanos = 0;
    long stopNanos = 0;
    CopilotClient client = new CopilotClient(OfflineClients.options(rig).build());
    client.onStateChange(changes::add);
    try {
      for (int i = 0; i < CYCLES; i++) {
        long t0 = System.nanoTime();
        client.start().get(30, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        long pid = client.cliPid();
        pids.add(pid);
        assertThat(client.ping("cycle " + i).get(10, TimeUnit.SECONDS).message()).isEqualTo("pong: cycle " + i);
        long t2 = System.nanoTime();
        client.stop().get(30, TimeUnit.SECONDS);
        long t3 = System.nanoTime();
        assertThat(alive(pid)).as("pid %d after stop %d", pid, i).isFalse();
        startNanos += t1 - t0;
        stopNanos += t3 - t2;
      }
    } finally {
      client.forceStop().join();
    }
    assertThat(pids).doesNotHaveDuplicates().hasSize(CYCLES);
    assertThat(pids).noneMatch(Faults::alive);
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 4 * CYCLES);
    for (int i = 0; i < CYCLES; i++) {
      assertThat(changes.subList(4 * i, 4 * i + 4)).extracting(ClientStateChange::current).containsExactly(
          ClientState.STARTING, ClientState.CONNECTED, ClientState.STOPPING, ClientState.STOPPED);
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(Faults.nonDaemonThreads()).isSubsetOf(threadsBefore);
      assertThat(Faults.sdkConnectionThreads()).isEmpty();
    });
    System.out.printf("CYCLES: %d start/stop cycles of one client, %d distinct pids, none alive; mean start %d ms,"
        + " mean stop %d ms%n", CYCLES, pids.size(), startNanos / CYCLES / 1_000_000, stopNanos / CYCLES / 1_000_000);
  }

  private static long count(List<SessionEvent> events, Class<? extends SessionEvent> type) {
    return events.stream().filter(type::isInstance).count();
  }
}
