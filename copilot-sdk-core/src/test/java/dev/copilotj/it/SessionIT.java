package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.copilotj.CloudOptions;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotException;
import dev.copilotj.CopilotSession;
import dev.copilotj.JsonRpcException;
import dev.copilotj.SessionConfig;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.SessionMetadata;
import dev.copilotj.Subscription;
import dev.copilotj.TurnFailedException;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.PermissionCompletedEvent;
import dev.copilotj.event.PermissionRequestedEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.UserMessageEvent;
import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.test.FakeReply;
import dev.copilotj.tool.PermissionRequest;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolInvocation;
import dev.copilotj.tool.ToolResult;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnEvent;
import dev.copilotj.turn.TurnOutcome;
import dev.copilotj.turn.TurnStarted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sessions, events, tools and permissions against the real Copilot CLI, offline. */
@CopilotOfflineTest
class SessionIT {

  private static final Duration TURN = Duration.ofSeconds(30);
  private static final String ECHO_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}";

  private static CopilotClient client;

  @BeforeAll
  static void startClient(CopilotTestRig rig) throws Exception {
    client = new CopilotClient(OfflineClients.options(rig).build());
    client.start().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopClient() {
    client.close();
  }

  @Test
  void aPlainTurnDeliversItsEventsInOrderAndEndsIdle() throws Exception {
    CopilotSession session = client.createSession(SessionConfig.builder().clientName("session-it").build()).join();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);

    AssistantMessageEvent answer = session.sendAndWait("Say hello", TURN).get(40, TimeUnit.SECONDS);

    assertThat(answer.content()).isEqualTo("Hello from the fake model.");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(SessionIdleEvent.class::isInstance));
    List<String> types = events.stream().map(SessionEvent::type).collect(Collectors.toList());
    assertThat(types).containsSubsequence("user.message", "assistant.turn_start", "assistant.message",
        "assistant.turn_end", "session.idle");
    assertThat(events).allMatch(event -> event.sessionId().equals(session.id()));
    assertThat(events).filteredOn(SessionIdleEvent.class::isInstance).allMatch(SessionEvent::ephemeral);
    session.close();
  }

  @Test
  void observersSeeEveryEventOnTheReaderThreadBeforeListenersAndOneThatThrowsStopsNothing() throws Exception {
    CopilotSession session = client.createSession(SessionConfig.defaults()).join();
    List<String> observed = new CopyOnWriteArrayList<>();
    List<String> observedTypes = new CopyOnWriteArrayList<>();
    List<String> observerThreads = new CopyOnWriteArrayList<>();
    List<String> heard = new CopyOnWriteArrayList<>();
    List<String> heardTypes = new CopyOnWriteArrayList<>();
    Subscription broken = client.observeSessionEventsOnReaderThread(event -> {
      throw new IllegalStateException("observer bug");
    });
    Subscription observer = client.observeSessionEventsOnReaderThread(event -> {
      if (event.sessionId().equals(session.id())) {
        observed.add(event.id());
        observedTypes.add(event.type());
        observerThreads.add(Thread.currentThread().getName());
      }
    });
    List<String> laneHeard = new CopyOnWriteArrayList<>();
    List<String> laneThreads = new CopyOnWriteArrayList<>();
    Subscription laneListener = client.onSessionEventOnSessionLane(event -> {
      if (event.sessionId().equals(session.id())) {
        laneHeard.add(event.id());
        laneThreads.add(Thread.currentThread().getName());
      }
    });
    try {
      // first without listeners (no lane at all), then with one: the observer sees both turns
      session.sendAndWait("Say hello", TURN).get(40, TimeUnit.SECONDS);
      session.on(event -> {
        heard.add(event.id() + (observed.contains(event.id()) ? "" : " (before the observer)"));
        heardTypes.add(event.type());
      });
      session.sendAndWait("Say hello again", TURN).get(40, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> heardTypes.contains("session.idle"));

      assertThat(observerThreads).allMatch(name -> name.endsWith("-reader"));
      assertThat(observed).doesNotHaveDuplicates();
      assertThat(observedTypes).containsSubsequence("user.message", "assistant.message", "session.idle",
          "user.message", "assistant.message", "session.idle");
      // the listener heard the second turn, each event after the observer and in the observer's order
      assertThat(heardTypes).containsSubsequence("user.message", "assistant.message", "session.idle");
      assertThat(heard).noneMatch(id -> id.endsWith("(before the observer)"));
      assertThat(observed).containsSubsequence(heard);
      // the client-wide lane listener: every event, in the observer's order, never on the reader thread
      await().atMost(Duration.ofSeconds(5)).until(() -> laneHeard.size() == observed.size());
      assertThat(laneHeard).isEqualTo(observed);
      assertThat(laneThreads).noneMatch(name -> name.endsWith("-reader"));
    } finally {
      laneListener.close();
      broken.close();
      observer.close();
      session.close();
    }
  }

  @Test
  void turnListenersHearEachTurnOnTheReaderThreadWithItsOutcomeAndTotals(FakeCopilotApi fake) throws Exception {
    CopilotSession session = client.createSession(SessionConfig.defaults()).join();
    List<TurnEvent> turns = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    Subscription listener = client.onTurn(turn -> {
      if (turn.sessionId().equals(session.id())) {
        turns.add(turn);
        threads.add(Thread.currentThread().getName());
      }
    });
    try {
      session.sendAndWait("Say hello", TURN).get(40, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> turns.size() == 2);
      fake.enqueue(FakeReply.error(400, "bad request"));
      CompletableFuture<AssistantMessageEvent> failing = session.sendAndWait("Fail please", TURN);
      assertThatThrownBy(() -> failing.get(40, TimeUnit.SECONDS)).hasCauseInstanceOf(TurnFailedException.class);
      await().atMost(Duration.ofSeconds(10)).until(() -> turns.size() == 4);

      assertThat(turns.get(0)).isEqualTo(new TurnStarted(session.id(), "Say hello"));
      TurnEnded ok = (TurnEnded) turns.get(1);
      assertThat(ok.outcome()).isEqualTo(TurnOutcome.SUCCESS);
      assertThat(ok.duration()).isPositive();
      assertThat(ok.prompt()).isEqualTo("Say hello");
      assertThat(ok.completion()).isEqualTo("Hello from the fake model.");
      assertThat(ok.model()).isNotBlank();
      assertThat(ok.modelCalls()).isPositive();
      assertThat(ok.inputTokens()).isPositive();
      assertThat(ok.errorType()).isNull();
      assertThat(turns.get(2)).isEqualTo(new TurnStarted(session.id(), "Fail please"));
      TurnEnded failed = (TurnEnded) turns.get(3);
      assertThat(failed.outcome()).isEqualTo(TurnOutcome.ERROR);
      assertThat(failed.errorType()).isNotNull();
      assertThat(threads).allMatch(name -> name.endsWith("-reader"));
    } finally {
      listener.close();
      session.close();
    }
  }

  @Test
  void aStreamingTurnDeliversDeltasInOrderThatJoinToTheMessage(FakeCopilotApi fake) throws Exception {
    String text = "Streaming works one word at a time, in order, every time.";
    fake.enqueue(FakeReply.text(text));
    CopilotSession session = client.createSession(SessionConfig.builder().streaming(true).build()).join();
    List<AssistantMessageDeltaEvent> deltas = new CopyOnWriteArrayList<>();
    session.on(AssistantMessageDeltaEvent.class, deltas::add);

    AssistantMessageEvent answer = session.sendAndWait("stream please", TURN).get(40, TimeUnit.SECONDS);

    assertThat(answer.content()).isEqualTo(text);
    assertThat(deltas).hasSizeGreaterThan(3);
    assertThat(deltas.stream().map(AssistantMessageDeltaEvent::deltaContent).collect(Collectors.joining()))
        .isEqualTo(text);
    assertThat(fake.lastChatRequest().stream()).isTrue();
    session.close();
  }

  @Test
  void aToolTurnRunsTheHandlerAfterThePermissionRoundTrip(FakeCopilotApi fake) throws Exception {
    List<ToolInvocation> invocations = new CopyOnWriteArrayList<>();
    List<PermissionRequest> permissions = new CopyOnWriteArrayList<>();
    ToolDefinition echo = ToolDefinition.builder("echo_upper")
        .description("Upper-cases the given text")
        .parametersSchema(ECHO_SCHEMA)
        .handler(call -> {
          invocations.add(call);
          return ToolResult.text(call.arguments().get("text").toString().toUpperCase() + " (from client tool)");
        })
        .build();
    CopilotSession session = client.createSession(SessionConfig.builder()
        .tool(echo)
        .permissionHandler(request -> {
          permissions.add(request);
          return dev.copilotj.tool.PermissionPolicies.registeredToolsOnly().decide(request);
        })
        .build()).join();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);

    AssistantMessageEvent answer = session.sendAndWait("CALL_TOOL echo_upper {\"text\":\"hello\"}", TURN)
        .get(40, TimeUnit.SECONDS);

    assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: HELLO (from client tool)");
    assertThat(invocations).singleElement().satisfies(call -> {
      assertThat(call.toolName()).isEqualTo("echo_upper");
      assertThat(call.sessionId()).isEqualTo(session.id());
      assertThat(call.arguments()).isEqualTo(Map.of("text", "hello"));
    });
    assertThat(permissions).singleElement().satisfies(request -> {
      assertThat(request.kind()).isEqualTo("custom-tool");
      assertThat(request.registeredTool()).isTrue();
    });
    assertThat(events.stream().map(SessionEvent::type).collect(Collectors.toList())).containsSubsequence(
        "tool.execution_start", "permission.requested", "permission.completed", "external_tool.requested",
        "external_tool.completed", "tool.execution_complete", "assistant.message");
    assertThat(events).filteredOn(PermissionCompletedEvent.class::isInstance)
        .extracting(event -> ((PermissionCompletedEvent) event).resultKind()).containsExactly("approved");
    assertThat(events).filteredOn(ToolExecutionCompleteEvent.class::isInstance)
        .allMatch(event -> ((ToolExecutionCompleteEvent) event).success());
    ChatMessage toolMessage = fake.lastChatRequest().lastMessage();
    assertThat(toolMessage.role()).isEqualTo("tool");
    assertThat(toolMessage.text()).isEqualTo("HELLO (from client tool)");
    session.close();
  }

  @Test
  void theDefaultPolicyDeniesTheCliOwnShellTool(FakeCopilotApi fake, CopilotTestRig rig) throws Exception {
    List<PermissionRequest> asked = new CopyOnWriteArrayList<>();
    CopilotSession session = client.createSession(SessionConfig.builder()
        .permissionHandler(request -> {
          asked.add(request);
          return dev.copilotj.tool.PermissionPolicies.registeredToolsOnly().decide(request);
        }).build()).join();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);
    fake.enqueue(FakeReply.toolCall("bash", "{\"command\":\"touch pwned.txt\",\"description\":\"x\"}"));

    session.sendAndWait("run a shell command", TURN).get(40, TimeUnit.SECONDS);

    assertThat(asked).singleElement().satisfies(request -> {
      assertThat(request.kind()).isEqualTo("shell");
      assertThat(request.registeredTool()).isFalse();
    });
    assertThat(events).filteredOn(PermissionCompletedEvent.class::isInstance)
        .extracting(event -> ((PermissionCompletedEvent) event).resultKind())
        .singleElement().asString().startsWith("denied");
    assertThat(events).noneMatch(ExternalToolRequestedEvent.class::isInstance);
    assertThat(rig.workDirectory().resolve("pwned.txt")).doesNotExist();
    session.close();
  }

  @Test
  void abortEndsASlowTurnAndSendAndWaitTimesOutWithAClearError(FakeCopilotApi fake) throws Exception {
    fake.enqueue(FakeReply.text("too late").after(Duration.ofSeconds(20)));
    CopilotSession session = client.createSession(SessionConfig.defaults()).join();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);

    CompletableFuture<AssistantMessageEvent> turn = session.sendAndWait("slow", Duration.ofMillis(1500));
    assertThatThrownBy(() -> turn.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CopilotException.class)
        .hasMessageContaining("did not finish within 1500 ms")
        .hasMessageContaining("aborted");
    await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(SessionIdleEvent.class::isInstance));
    assertThat(events).noneMatch(event -> event instanceof AssistantMessageEvent message
        && message.content().equals("too late"));
    session.close();
  }

  @Test
  void historyResumeListMetadataAndDelete(CopilotTestRig rig) throws Exception {
    List<SessionLifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();
    client.onLifecycle(lifecycle::add);
    CopilotSession session = client.createSession(SessionConfig.builder().clientName("history-it").build()).join();
    String id = session.id();
    session.sendAndWait("remember me", TURN).get(40, TimeUnit.SECONDS);

    List<SessionEvent> history = session.messages().get(10, TimeUnit.SECONDS);
    assertThat(history).filteredOn(UserMessageEvent.class::isInstance)
        .extracting(event -> ((UserMessageEvent) event).content()).containsExactly("remember me");
    assertThat(history).anyMatch(AssistantMessageEvent.class::isInstance);
    assertThat(history).noneMatch(SessionEvent::ephemeral);

    session.destroy().get(10, TimeUnit.SECONDS);
    assertThat(session.isTerminated()).isTrue();
    assertThatThrownBy(() -> session.send("after close").join()).hasMessageContaining("closed");

    CopilotSession resumed = client.resumeSession(id, SessionConfig.defaults()).get(20, TimeUnit.SECONDS);
    assertThat(resumed.id()).isEqualTo(id);
    assertThat(resumed.messages().get(10, TimeUnit.SECONDS)).filteredOn(UserMessageEvent.class::isInstance)
        .isNotEmpty();
    assertThat(resumed.sendAndWait("again", TURN).get(40, TimeUnit.SECONDS).content())
        .isEqualTo("Hello from the fake model.");

    List<SessionMetadata> stored = client.listSessions().get(10, TimeUnit.SECONDS);
    assertThat(stored).extracting(SessionMetadata::sessionId).contains(id);
    assertThat(client.lastSessionId().get(10, TimeUnit.SECONDS)).isNotNull();
    SessionMetadata metadata = client.sessionMetadata(id).get(10, TimeUnit.SECONDS);
    assertThat(metadata.sessionId()).isEqualTo(id);
    assertThat(metadata.clientName()).isEqualTo("history-it");

    client.deleteSession(id).get(10, TimeUnit.SECONDS);
    assertThat(resumed.isTerminated()).isTrue();
    assertThat(client.listSessions().get(10, TimeUnit.SECONDS)).extracting(SessionMetadata::sessionId)
        .doesNotContain(id);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lifecycle)
        .filteredOn(event -> event.sessionId().equals(id) && event.type().equals(SessionLifecycleEvent.DELETED))
        .hasSize(1));
    assertThat(lifecycle)
        .filteredOn(event -> event.sessionId().equals(id) && event.type().equals(SessionLifecycleEvent.CREATED))
        .as("the CLI sends session.created twice; listeners hear it once").hasSize(1);
    assertThat(lifecycle).allMatch(event -> event.clientSessionId() == null);
  }

  @Test
  void aCloudCreateFailsClearlyOfflineAndLeavesNothingRegistered() {
    int before = client.openSessionCount();
    assertThatThrownBy(() -> client.createSession(SessionConfig.builder()
        .cloud(CloudOptions.repository("octo", "hello", null)).build()).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(JsonRpcException.class)
        .hasMessageContaining("session.create");
    assertThat(client.openSessionCount()).isEqualTo(before);
    assertThat(client.sessionRegistryStats().pendingCreates()).as("the failed create is gone").isEmpty();
  }

  @Test
  void aBlockedOrThrowingListenerOfOneSessionDelaysNoOtherSession() throws Exception {
    CopilotSession slow = client.createSession(SessionConfig.defaults()).join();
    CopilotSession fast = client.createSession(SessionConfig.defaults()).join();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    slow.on(UserMessageEvent.class, event -> {
      try {
        release.await(60, TimeUnit.SECONDS); // holds the slow session's lane
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    fast.on(event -> {
      throw new IllegalStateException("listener bug");
    });
    List<SessionEvent> slowEvents = new CopyOnWriteArrayList<>();
    slow.on(slowEvents::add);

    CompletableFuture<AssistantMessageEvent> slowTurn = slow.sendAndWait("slow", TURN);
    AssistantMessageEvent fastAnswer = fast.sendAndWait("fast", TURN).get(40, TimeUnit.SECONDS);

    assertThat(fastAnswer.content()).isEqualTo("Hello from the fake model.");
    assertThat(slowTurn).isNotDone();
    assertThat(slowEvents).noneMatch(SessionIdleEvent.class::isInstance);
    release.countDown();
    assertThat(slowTurn.get(40, TimeUnit.SECONDS).content()).isEqualTo("Hello from the fake model.");
    assertThat(slowEvents.stream().map(SessionEvent::type).collect(Collectors.toList()))
        .containsSubsequence("user.message", "assistant.message", "session.idle");
    slow.close();
    fast.close();
  }

  @Test
  void fiftyConcurrentSessionsEachReceiveExactlyTheirOwnEventsInOrder() throws Exception {
    int sessions = 50;
    int turns = 5;
    List<CopilotSession> opened = new ArrayList<>();
    List<List<SessionEvent>> received = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      CopilotSession session = client.createSession(SessionConfig.defaults()).get(30, TimeUnit.SECONDS);
      List<SessionEvent> events = new CopyOnWriteArrayList<>();
      session.on(events::add);
      opened.add(session);
      received.add(events);
    }
    List<CompletableFuture<Void>> conversations = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      CopilotSession session = opened.get(s);
      int index = s;
      CompletableFuture<Void> conversation = CompletableFuture.completedFuture(null);
      for (int t = 0; t < turns; t++) {
        String prompt = "session " + index + " turn " + t;
        conversation = conversation.thenCompose(ignored -> session.sendAndWait(prompt, Duration.ofSeconds(120))
            .thenAccept(answer -> assertThat(answer.content()).isEqualTo("Hello from the fake model.")));
      }
      conversations.add(conversation);
    }
    CompletableFuture.allOf(conversations.toArray(CompletableFuture[]::new)).get(240, TimeUnit.SECONDS);

    long checked = 0;
    for (int s = 0; s < sessions; s++) {
      String id = opened.get(s).id();
      List<SessionEvent> events = received.get(s);
      int index = s;
      await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
          .filter(SessionIdleEvent.class::isInstance).count() == turns);
      assertThat(events).allMatch(event -> event.sessionId().equals(id));
      assertThat(events).extracting(SessionEvent::id).filteredOn(eventId -> !eventId.isEmpty())
          .doesNotHaveDuplicates();
      List<String> prompts = events.stream().filter(UserMessageEvent.class::isInstance)
          .map(event -> ((UserMessageEvent) event).content()).collect(Collectors.toList());
      List<String> expected = new ArrayList<>();
      for (int t = 0; t < turns; t++) {
        expected.add("session " + index + " turn " + t);
      }
      assertThat(prompts).containsExactlyElementsOf(expected);
      List<String> shape = events.stream().map(SessionEvent::type)
          .filter(type -> type.equals("user.message") || type.equals("assistant.message")
              || type.equals("session.idle"))
          .collect(Collectors.toList());
      List<String> expectedShape = new ArrayList<>();
      for (int t = 0; t < turns; t++) {
        expectedShape.addAll(List.of("user.message", "assistant.message", "session.idle"));
      }
      assertThat(shape).containsExactlyElementsOf(expectedShape);
      checked += events.size();
    }
    assertThat(checked).isGreaterThan((long) sessions * turns * 10);
    for (CopilotSession session : opened) {
      session.close();
    }
  }
}
