package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.Subscription;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.test.ChatRequest;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.test.FakeReply;
import dev.copilotj.tool.PermissionPolicies;
import dev.copilotj.tool.PermissionRequest;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code resumeSession} of a session that is open in the same client, against the real CLI: the CLI takes the
 * resume on the same connection and applies the new config; the client keeps the one {@code CopilotSession},
 * reconfigured, and every event reaches it exactly once across the switch.
 */
@CopilotOfflineTest
class ResumeOpenSessionIT {

  private static final Duration TURN = Duration.ofSeconds(30);

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
  void theNewSystemMessageToolsWorkingDirectoryAndPermissionHandlerApplyFromTheNextTurn(FakeCopilotApi fake,
      CopilotTestRig rig) throws Exception {
    Path secondDirectory = Files.createDirectories(rig.workDirectory().resolve("second"));
    String id = UUID.randomUUID().toString();
    Recorder recorder = Recorder.observing(id);
    List<PermissionRequest> askedAfter = new CopyOnWriteArrayList<>();
    ToolDefinition toolA = ToolDefinition.builder("tool_a").description("Tool of the first config")
        .handler(call -> ToolResult.text("from A")).build();
    ToolDefinition toolB = ToolDefinition.builder("tool_b").description("Tool of the second config")
        .handler(call -> ToolResult.text("from B")).build();
    CopilotSession session = client.createSession(SessionConfig.builder().sessionId(id)
        .systemMessage("MARKER-FIRST").tool(toolA).onEvent(recorder.first::add).build()).get(30, TimeUnit.SECONDS);
    List<SessionEvent> subscribed = new CopyOnWriteArrayList<>();
    session.on(subscribed::add);
    try {
      assertThat(session.sendAndWait("CALL_TOOL tool_a", TURN).get(40, TimeUnit.SECONDS).content())
          .isEqualTo("TOOL RESULT WAS: from A");
      int openBefore = client.openSessionCount();

      SessionConfig second = SessionConfig.builder().sessionId(id).systemMessage("MARKER-SECOND").tool(toolB)
          .workingDirectory(secondDirectory)
          .permissionHandler(request -> {
            askedAfter.add(request);
            return PermissionPolicies.registeredToolsOnly().decide(request);
          })
          .onEvent(recorder.second::add).build();
      CopilotSession resumed = client.resumeSession(id, second).get(30, TimeUnit.SECONDS);

      assertThat(resumed).isSameAs(session);
      assertThat(session.config()).isSameAs(second);
      assertThat(session.isTerminated()).isFalse();
      assertThat(client.openSessionCount()).isEqualTo(openBefore);

      AssistantMessageEvent answer = session.sendAndWait("CALL_TOOL tool_b", TURN).get(40, TimeUnit.SECONDS);

      // the turn's outcome: the new tool ran through the new permission handler
      assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: from B");
      assertThat(askedAfter).singleElement().satisfies(request -> {
        assertThat(request.toolName()).isEqualTo("tool_b");
        assertThat(request.registeredTool()).isTrue();
      });
      // what the model received after the resume: the new system message, tools and working directory
      List<ChatRequest> requests = fake.chatRequests();
      assertThat(requests).hasSize(4);
      for (ChatRequest request : requests.subList(0, 2)) {
        assertThat(request.toolNames()).contains("tool_a").doesNotContain("tool_b");
        assertThat(request.messages().get(0).text()).contains("MARKER-FIRST");
      }
      for (ChatRequest request : requests.subList(2, 4)) {
        assertThat(request.toolNames()).contains("tool_b").doesNotContain("tool_a");
        String system = request.messages().get(0).text();
        assertThat(system).contains("MARKER-SECOND").doesNotContain("MARKER-FIRST");
        assertThat(system).contains(secondDirectory.toString());
      }
      assertThat(requests.get(3).lastMessage().text()).isEqualTo("from B");
      recorder.awaitIdles(subscribed, 2);
      assertThat(subscribed).filteredOn(ExternalToolRequestedEvent.class::isInstance)
          .extracting(event -> ((ExternalToolRequestedEvent) event).workingDirectory())
          .containsExactly(rig.workDirectory().toString(), secondDirectory.toString());

      recorder.assertEachEventOnceAcrossTheSwitch(subscribed);
      assertThat(types(subscribed).stream().filter(type -> type.equals("user.message") || type.equals("session.idle"))
          .collect(Collectors.toList())).as("the resume replays no history")
          .containsExactly("user.message", "session.idle", "user.message", "session.idle");
      System.out.printf("RESUME OPEN: %d events before the switch, %d after (first after: %s)%n",
          recorder.first.size(), recorder.second.size(), recorder.second.get(0).type());
    } finally {
      recorder.close();
      session.close();
    }
  }

  @Test
  void aResumeWhileATurnRunsLosesAndDoublesNoEventOfThatTurn(FakeCopilotApi fake) throws Exception {
    String id = UUID.randomUUID().toString();
    Recorder recorder = Recorder.observing(id);
    CopilotSession session = client.createSession(SessionConfig.builder().sessionId(id)
        .onEvent(recorder.first::add).build()).get(30, TimeUnit.SECONDS);
    List<SessionEvent> subscribed = new CopyOnWriteArrayList<>();
    session.on(subscribed::add);
    fake.enqueue(FakeReply.text("the late answer").after(Duration.ofSeconds(2)));
    try {
      CompletableFuture<AssistantMessageEvent> turn = session.sendAndWait("take your time", TURN);
      fake.awaitChatRequests(1, Duration.ofSeconds(20)); // the model call is under way

      CopilotSession resumed = client.resumeSession(id, SessionConfig.builder().sessionId(id)
          .onEvent(recorder.second::add).build()).get(30, TimeUnit.SECONDS);

      assertThat(resumed).isSameAs(session);
      assertThat(turn.get(40, TimeUnit.SECONDS).content()).isEqualTo("the late answer");
      recorder.awaitIdles(subscribed, 1);
      assertThat(types(subscribed)).containsSubsequence("user.message", "assistant.message", "session.idle");
      assertThat(types(subscribed).stream().filter(type -> type.equals("user.message")
          || type.equals("assistant.message") || type.equals("session.idle")).collect(Collectors.toList()))
          .containsExactly("user.message", "assistant.message", "session.idle");
      assertThat(recorder.second).as("the turn's end came after the switch")
          .anyMatch(event -> event.type().equals("session.idle"));
      recorder.assertEachEventOnceAcrossTheSwitch(subscribed);
      assertThat(fake.chatRequests()).hasSize(1);
    } finally {
      recorder.close();
      session.close();
    }
  }

  private static List<String> types(List<SessionEvent> events) {
    return events.stream().map(SessionEvent::type).collect(Collectors.toList());
  }

  /**
   * The wire order of one session's events (an observer sees them on the reader thread) next to what the first
   * and the second config's listeners heard.
   */
  private static final class Recorder implements AutoCloseable {
    final List<SessionEvent> wire = new CopyOnWriteArrayList<>();
    final List<SessionEvent> first = new CopyOnWriteArrayList<>();
    final List<SessionEvent> second = new CopyOnWriteArrayList<>();
    private final Subscription observer;

    private Recorder(String sessionId) {
      observer = client.observeSessionEventsOnReaderThread(event -> {
        if (event.sessionId().equals(sessionId)) {
          wire.add(event);
        }
      });
    }

    static Recorder observing(String sessionId) {
      return new Recorder(sessionId);
    }

    void awaitIdles(List<SessionEvent> subscribed, int idles) {
      await().atMost(Duration.ofSeconds(10)).until(() -> subscribed.stream()
          .filter(event -> event.type().equals("session.idle")).count() >= idles);
      // the lane runs the config's listeners before on(...) ones: once these heard it, all did
      await().atMost(Duration.ofSeconds(10)).until(() -> first.size() + second.size() >= wire.size());
    }

    /**
     * The first config's listeners heard a prefix of the wire, the second's the rest: together exactly the wire,
     * in order, each event once. An {@code on(...)} subscription heard the wire from when it was made, in order.
     */
    void assertEachEventOnceAcrossTheSwitch(List<SessionEvent> subscribed) {
      List<String> wireIds = ids(wire);
      List<String> joined = new ArrayList<>(ids(first));
      joined.addAll(ids(second));
      assertThat(second).as("the second config's listeners heard the events after the switch").isNotEmpty();
      assertThat(joined).as("first config's + second config's listeners = the wire").isEqualTo(wireIds);
      assertThat(wireIds).doesNotHaveDuplicates();
      List<String> subscribedIds = ids(subscribed);
      assertThat(subscribedIds).isNotEmpty();
      assertThat(wireIds.subList(wireIds.size() - subscribedIds.size(), wireIds.size()))
          .as("the on(...) listener kept its subscription across the switch").isEqualTo(subscribedIds);
    }

    private static List<String> ids(List<SessionEvent> events) {
      return events.stream().map(SessionEvent::id).collect(Collectors.toList());
    }

    @Override
    public void close() {
      observer.close();
    }
  }
}
