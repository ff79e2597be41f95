package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolInvocation;
import dev.copilotj.tool.ToolResult;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Callbacks under load on the default callback executor (virtual threads on Java 21+, a small daemon pool on 17),
 * on one real Copilot CLI (offline): {@value #SESSIONS} sessions do tool turns at once while the event listener of
 * one of them blocks. The others must finish every turn while it is still blocked; once released it catches up,
 * in order. On Java 21+ a JFR recording of {@code jdk.VirtualThreadPinned} (threshold 0) runs over the whole load,
 * and no virtual thread may have pinned its carrier.
 *
 * <p>Runs in a JVM of its own (see the failsafe execution in this module's POM) so that the SDK's classes and
 * Jackson's are loaded for the first time under the load, on virtual threads: class loading and initialisation
 * are where a virtual thread still pins on Java 24+.
 */
class VirtualThreadLoadIT {

  private static final int SESSIONS = 17;
  private static final int TURNS = 3;
  private static final String PINNED = "jdk.VirtualThreadPinned";
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}";
  private static final List<String> TURN_SHAPE = List.of("user.message", "tool.execution_start",
      "external_tool.requested", "external_tool.completed", "tool.execution_complete", "assistant.message",
      "session.idle");

  private static CopilotTestRig rig;
  private static Outcome outcome;

  /** What the load did, measured once and checked by the tests below. */
  private static final class Outcome {
    final List<List<SessionEvent>> received = new ArrayList<>();
    final List<String> sessionIds = new ArrayList<>();
    final Set<Boolean> callbackThreadVirtual = ConcurrentHashMap.newKeySet();
    boolean blockedWhenOthersFinished;
    boolean blockedTurnDoneWhenOthersFinished;
    int othersFinishedTurns;
    long othersMillis;
    long catchUpMillis;
    @Nullable String blockedAnswer;
    @Nullable List<RecordedEvent> pinned; // null: no recording (Java 17)
  }

  @BeforeAll
  static void runTheLoad() throws Exception {
    rig = CopilotTestRig.start(FakeCopilotApi.builder().threads(16));
    outcome = new Outcome();
    isVirtual(Thread.currentThread()); // the reflective call's first use, here rather than on a virtual thread
    Recording recording = null;
    if (Runtime.version().feature() >= 21) {
      recording = new Recording();
      recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
      recording.start();
    }
    try {
      load(outcome);
    } finally {
      if (recording != null) {
        recording.stop();
        Path file = Files.createTempFile("virtual-thread-load", ".jfr");
        try {
          recording.dump(file);
          outcome.pinned = RecordingFile.readAllEvents(file).stream()
              .filter(event -> event.getEventType().getName().equals(PINNED)).collect(Collectors.toList());
        } finally {
          recording.close();
          Files.deleteIfExists(file);
        }
      }
    }
  }

  @AfterAll
  static void closeRig() {
    if (rig != null) {
      rig.close();
    }
  }

  private static void load(Outcome out) throws Exception {
    Set<String> threadsBefore = Faults.nonDaemonThreads();
    ToolDefinition echo = ToolDefinition.builder("echo_upper")
        .description("Upper-cases the given text")
        .parametersSchema(SCHEMA)
        .handler(call -> {
          out.callbackThreadVirtual.add(isVirtual(Thread.currentThread()));
          return ToolResult.text(String.valueOf(call.arguments().get("text")).toUpperCase());
        })
        .build();
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean blocked = new AtomicBoolean();
    AtomicInteger blockedOnce = new AtomicInteger();
    CopilotClient client = new CopilotClient(OfflineClients.options(rig).requestTimeout(Duration.ofMinutes(2))
        .build());
    try {
      client.start().get(30, TimeUnit.SECONDS);
      coldToolCalls(client);
      List<CopilotSession> sessions = new ArrayList<>();
      for (int s = 0; s < SESSIONS; s++) {
        List<SessionEvent> events = new CopyOnWriteArrayList<>();
        out.received.add(events);
        boolean blocking = s == 0;
        SessionConfig config = SessionConfig.builder().tool(echo).onEvent(event -> {
          out.callbackThreadVirtual.add(isVirtual(Thread.currentThread()));
          events.add(event);
          if (blocking && event.type().equals("user.message") && blockedOnce.getAndIncrement() == 0) {
            blocked.set(true);
            try {
              release.await(3, TimeUnit.MINUTES); // bounded: the test releases it long before
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              blocked.set(false);
            }
          }
        }).build();
        sessions.add(client.createSession(config).get(60, TimeUnit.SECONDS));
      }
      sessions.forEach(session -> out.sessionIds.add(session.id()));

      // session 0 starts first, and its listener blocks on its first user.message
      long started = System.nanoTime();
      CompletableFuture<@Nullable AssistantMessageEvent> blockedTurn = sessions.get(0)
          .sendAndWait(prompt(0, 0), Duration.ofMinutes(4));
      await().atMost(Duration.ofSeconds(60)).untilTrue(blocked);

      // the other sessions do all their turns meanwhile
      AtomicInteger finishedTurns = new AtomicInteger();
      Map<String, String> answers = new ConcurrentHashMap<>();
      List<CompletableFuture<Void>> conversations = new ArrayList<>();
      for (int s = 1; s < SESSIONS; s++) {
        CopilotSession session = sessions.get(s);
        int index = s;
        CompletableFuture<Void> conversation = CompletableFuture.completedFuture(null);
        for (int t = 0; t < TURNS; t++) {
          int turn = t;
          conversation = conversation.thenCompose(ignored -> session.sendAndWait(prompt(index, turn),
              Duration.ofMinutes(4))).thenAccept(answer -> {
                // checked on the test thread: assertions here would load AssertJ's classes on virtual threads
                answers.put(index + "/" + turn, answer == null ? "(no answer)" : answer.content());
                finishedTurns.incrementAndGet();
              });
        }
        conversations.add(conversation);
      }
      CompletableFuture.allOf(conversations.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
      out.othersMillis = (System.nanoTime() - started) / 1_000_000;
      out.othersFinishedTurns = finishedTurns.get();
      out.blockedWhenOthersFinished = blocked.get();
      out.blockedTurnDoneWhenOthersFinished = blockedTurn.isDone();
      for (int s = 1; s < SESSIONS; s++) {
        for (int t = 0; t < TURNS; t++) {
          assertThat(answers.get(s + "/" + t)).as("answer %d of session %d", t, s).isEqualTo(expectedAnswer(s, t));
        }
      }

      // released, session 0 catches up
      long releasedAt = System.nanoTime();
      release.countDown();
      AssistantMessageEvent answer = blockedTurn.get(2, TimeUnit.MINUTES);
      out.blockedAnswer = answer == null ? null : answer.content();
      for (int t = 1; t < TURNS; t++) {
        AssistantMessageEvent next = sessions.get(0).sendAndWait(prompt(0, t), Duration.ofMinutes(2))
            .get(2, TimeUnit.MINUTES);
        assertThat(next).isNotNull();
        assertThat(next.content()).isEqualTo(expectedAnswer(0, t));
      }
      out.catchUpMillis = (System.nanoTime() - releasedAt) / 1_000_000;
      for (int s = 0; s < SESSIONS; s++) {
        List<SessionEvent> events = out.received.get(s);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
            .filter(event -> event.type().equals("session.idle")).count() == TURNS);
      }
      CompletableFuture.allOf(sessions.stream().map(CopilotSession::destroy).toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      client.stop().get(30, TimeUnit.SECONDS);
      System.out.printf("VIRTUAL-THREAD LOAD: Java %s, %d sessions x %d tool turns; with session 0's listener"
              + " blocked the other %d sessions did %d turns in %d ms; session 0 caught up in %d ms after release%n",
          Runtime.version(), SESSIONS, TURNS, SESSIONS - 1, out.othersFinishedTurns, out.othersMillis,
          out.catchUpMillis);
    } finally {
      release.countDown();
      client.forceStop().join();
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(Faults.nonDaemonThreads()).isSubsetOf(threadsBefore);
      assertThat(Faults.sdkConnectionThreads()).isEmpty();
    });
  }

  /**
   * The first tool calls of a fresh JVM, all at once on the callback executor: the work the SDK does for a tool
   * call before the handler (the arguments as a map) loads Jackson classes the first time it runs. Through the CLI
   * the first calls of many sessions rarely meet at the same instant, so they are made to meet here.
   */
  private static void coldToolCalls(CopilotClient client) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Object>> calls = new ArrayList<>();
    for (int i = 0; i < SESSIONS - 1; i++) {
      ToolInvocation call = new ToolInvocation("cold", "call-" + i, "echo_upper", "{\"text\":\"cold " + i
          + "\",\"nested\":[1,{\"deep\":true}]}");
      CompletableFuture<Object> result = new CompletableFuture<>();
      calls.add(result);
      client.callbackExecutor().execute(() -> {
        try {
          go.await(30, TimeUnit.SECONDS);
          result.complete(call.arguments().get("text")); // completes only: the test thread checks
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
    }
    go.countDown();
    for (int i = 0; i < calls.size(); i++) {
      assertThat(calls.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("cold " + i);
    }
  }

  @Test
  void aBlockedListenerDelaysOnlyItsOwnSession() {
    assertThat(outcome.othersFinishedTurns).isEqualTo((SESSIONS - 1) * TURNS);
    assertThat(outcome.blockedWhenOthersFinished).as("session 0's listener still blocked").isTrue();
    assertThat(outcome.blockedTurnDoneWhenOthersFinished).as("session 0's turn done while blocked").isFalse();
  }

  @Test
  void theBlockedSessionCatchesUpInOrderOnceReleased() {
    assertThat(outcome.blockedAnswer).isEqualTo(expectedAnswer(0, 0));
    for (int s = 0; s < SESSIONS; s++) {
      String id = outcome.sessionIds.get(s);
      List<SessionEvent> events = outcome.received.get(s);
      assertThat(events).as("session %d", s).allMatch(event -> event.sessionId().equals(id));
      List<String> shape = new ArrayList<>();
      for (int t = 0; t < TURNS; t++) {
        shape.addAll(TURN_SHAPE);
      }
      assertThat(events.stream().map(SessionEvent::type).collect(Collectors.toList()))
          .as("event order of session %d", s).containsSubsequence(shape);
      assertThat(events.stream().map(SessionEvent::id).filter(eventId -> !eventId.isEmpty())
          .collect(Collectors.toList())).as("event ids of session %d", s).doesNotHaveDuplicates();
    }
  }

  /**
   * Virtual threads exist from Java 21: on 17 the default executor is a platform pool, there is nothing to pin,
   * and this test is skipped by assumption (the two above run on every Java).
   */
  @Test
  void noVirtualThreadPinnedItsCarrierOnTheHotPaths() {
    assumeThat(Runtime.version().feature()).as("virtual threads need Java 21+").isGreaterThanOrEqualTo(21);
    assertThat(outcome.callbackThreadVirtual).as("callbacks ran on virtual threads").containsExactly(true);
    assertThat(outcome.pinned).as("the JFR recording").isNotNull();
    assertThat(outcome.pinned).as("%s events:%n%s", PINNED, describe(outcome.pinned)).isEmpty();
  }

  private static String prompt(int session, int turn) {
    return "CALL_TOOL echo_upper {\"text\":\"s" + session + "-t" + turn + "\"}";
  }

  private static String expectedAnswer(int session, int turn) {
    return "TOOL RESULT WAS: " + ("s" + session + "-t" + turn).toUpperCase();
  }

  /** Thread.isVirtual (Java 21), looked up once on the test thread; null on Java 17. */
  private static final @Nullable Method IS_VIRTUAL = isVirtualMethod();

  private static @Nullable Method isVirtualMethod() {
    try {
      return Thread.class.getMethod("isVirtual");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (Boolean) IS_VIRTUAL.invoke(thread);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(@Nullable List<RecordedEvent> events) {
    if (events == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (RecordedEvent event : events) {
      text.append("pinned for ").append(event.getDuration().toMillis()).append(" ms");
      if (event.hasField("pinnedReason")) {
        text.append(" (").append(event.getString("pinnedReason")).append(')');
      }
      text.append(System.lineSeparator());
      if (event.getStackTrace() != null) {
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
          text.append("    at ").append(frame.getMethod().getType().getName()).append('.')
              .append(frame.getMethod().getName()).append(" line ").append(frame.getLineNumber())
              .append(System.lineSeparator());
        }
      }
    }
    return text.toString();
  }
}
