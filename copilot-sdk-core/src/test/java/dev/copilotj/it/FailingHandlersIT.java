package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.PermissionCompletedEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.ChatRequest;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.tool.PermissionDecision;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the model sees in its next request, and how the turn ends, when an application's tool or permission handler
 * fails, against the real CLI: the answers are the protocol's own failure forms, so the agent goes on as it does
 * with other SDKs, and the handler's exception stays in the application's log.
 */
@CopilotOfflineTest
class FailingHandlersIT {

  private static final Duration TURN = Duration.ofSeconds(30);

  private static CopilotClient client;
  private static StderrCapture stderr;

  @BeforeAll
  static void startClient(CopilotTestRig rig) throws Exception {
    stderr = StderrCapture.start();
    client = new CopilotClient(OfflineClients.options(rig).build());
    client.start().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopClient() {
    client.close();
    stderr.close();
  }

  @Test
  void aThrowingToolIsAnsweredWithTheProtocolErrorSoTheModelSeesAGenericFailureAndTheTurnGoesOn(FakeCopilotApi fake)
      throws Exception {
    ToolDefinition broken = ToolDefinition.builder("lookup_order")
        .description("Looks up an order")
        .handler(call -> {
          throw new IllegalStateException("order database db-7.internal is down");
        })
        .build();
    CopilotSession session = client.createSession(SessionConfig.builder().tool(broken).build()).join();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);

    AssistantMessageEvent answer = session.sendAndWait("CALL_TOOL lookup_order {}", TURN).get(40, TimeUnit.SECONDS);

    // the agent's next model request: the tool message is the CLI's generic failure, none of the application's text
    List<ChatRequest> requests = fake.chatRequests();
    assertThat(requests).hasSize(2);
    ChatMessage toolMessage = requests.get(1).lastMessage();
    assertThat(toolMessage.role()).isEqualTo("tool");
    System.out.printf("FAILING TOOL: the model saw: %s%n", toolMessage.text());
    assertThat(toolMessage.text()).contains("lookup_order").contains("Tool execution failed")
        .doesNotContain("db-7.internal").doesNotContain("order database").doesNotContain("IllegalStateException")
        .doesNotContain("application's log");
    // the turn's outcome: the model answered from that failure and the session went idle, alive
    assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: " + toolMessage.text());
    assertThat(events).filteredOn(ToolExecutionCompleteEvent.class::isInstance).singleElement()
        .satisfies(event -> {
          ToolExecutionCompleteEvent complete = (ToolExecutionCompleteEvent) event;
          assertThat(complete.success()).isFalse();
          assertThat(complete.errorCode()).isEqualTo("failure");
          assertThat(complete.errorMessage()).doesNotContain("db-7.internal");
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(SessionIdleEvent.class::isInstance));
    assertThat(events).noneMatch(SessionErrorEvent.class::isInstance);
    assertThat(session.isTerminated()).isFalse();
    // the message stays in the application's log, with the session and the tool
    assertThat(logs()).contains("Tool 'lookup_order' of session " + session.id()
        + " failed: order database db-7.internal is down");
    session.close();
  }

  @Test
  void aFailureResultIsShownToTheModelAsTheHandlerWroteIt(FakeCopilotApi fake) throws Exception {
    String shown = "Order 42 does not exist; ask the user for the order number again.";
    ToolDefinition lookup = ToolDefinition.builder("lookup_order")
        .description("Looks up an order")
        .handler(call -> ToolResult.failure(shown))
        .build();
    CopilotSession session = client.createSession(SessionConfig.builder().tool(lookup).build()).join();
    List<ToolExecutionCompleteEvent> completions = new CopyOnWriteArrayList<>();
    session.on(ToolExecutionCompleteEvent.class, completions::add);

    AssistantMessageEvent answer = session.sendAndWait("CALL_TOOL lookup_order {}", TURN).get(40, TimeUnit.SECONDS);

    List<ChatRequest> requests = fake.chatRequests();
    assertThat(requests).hasSize(2);
    ChatMessage toolMessage = requests.get(1).lastMessage();
    assertThat(toolMessage.role()).isEqualTo("tool");
    assertThat(toolMessage.text()).isEqualTo(shown);
    assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: " + shown);
    await().atMost(Duration.ofSeconds(5)).until(() -> !completions.isEmpty());
    assertThat(completions).singleElement().satisfies(event -> assertThat(event.success()).isFalse());
    session.close();
  }

  @Test
  void aThrowingPermissionHandlerIsAnsweredUserNotAvailableSoTheAgentGoesOnAndTellsTheUser(FakeCopilotApi fake)
      throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    ToolDefinition lookup = ToolDefinition.builder("lookup_order")
        .description("Looks up an order")
        .handler(call -> {
          ran.add(call.toolCallId());
          return ToolResult.text("shipped");
        })
        .build();
    CopilotSession session = client.createSession(SessionConfig.builder()
        .tool(lookup)
        .permissionHandler(request -> {
          throw new IllegalStateException("policy service is unreachable");
        })
        .build()).join();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);

    AssistantMessageEvent answer = session.sendAndWait("CALL_TOOL lookup_order {}", TURN).get(40, TimeUnit.SECONDS);

    // the agent's next model request: the tool was not run, and the model is told no one could approve it
    List<ChatRequest> requests = fake.chatRequests();
    assertThat(requests).as("a second model call: the turn went on").hasSize(2);
    ChatMessage toolMessage = requests.get(1).lastMessage();
    assertThat(toolMessage.role()).isEqualTo("tool");
    System.out.printf("FAILING PERMISSION HANDLER: the model saw: %s%n", toolMessage.text());
    assertThat(toolMessage.text()).contains("could not request permission from user")
        .doesNotContain("policy service");
    // the turn's outcome: the agent answered the user instead of ending with an empty answer
    assertThat(answer).isNotNull();
    assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: " + toolMessage.text());
    assertThat(ran).isEmpty();
    assertThat(events).noneMatch(ExternalToolRequestedEvent.class::isInstance);
    assertThat(events).filteredOn(PermissionCompletedEvent.class::isInstance)
        .extracting(event -> ((PermissionCompletedEvent) event).resultKind())
        .containsExactly("denied-no-approval-rule-and-could-not-request-from-user");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(SessionIdleEvent.class::isInstance));
    assertThat(session.isTerminated()).isFalse();
    assertThat(logs()).contains("The permission handler of session " + session.id() + " failed on a 'custom-tool'"
        + " request for tool lookup_order").contains("policy service is unreachable");
    session.close();
  }

  @Test
  void aDenyIsAnsweredRejectWithItsReasonSoTheModelLearnsWhyAndTheTurnGoesOn(FakeCopilotApi fake) throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    ToolDefinition lookup = ToolDefinition.builder("lookup_order")
        .description("Looks up an order")
        .handler(call -> {
          ran.add(call.toolCallId());
          return ToolResult.text("shipped");
        })
        .build();
    CopilotSession session = client.createSession(SessionConfig.builder()
        .tool(lookup)
        .permissionHandler(request -> PermissionDecision.deny("orders are closed today"))
        .build()).join();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);

    AssistantMessageEvent answer = session.sendAndWait("CALL_TOOL lookup_order {}", TURN).get(40, TimeUnit.SECONDS);

    // the agent's next model request carries the handler's reason as the user's feedback; the tool never ran
    List<ChatRequest> requests = fake.chatRequests();
    assertThat(requests).hasSize(2);
    ChatMessage toolMessage = requests.get(1).lastMessage();
    assertThat(toolMessage.role()).isEqualTo("tool");
    System.out.printf("DENY: the model saw: %s%n", toolMessage.text());
    assertThat(toolMessage.text()).contains("rejected").contains("orders are closed today");
    assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: " + toolMessage.text());
    assertThat(events).filteredOn(PermissionCompletedEvent.class::isInstance)
        .extracting(event -> ((PermissionCompletedEvent) event).resultKind())
        .containsExactly("denied-interactively-by-user");
    assertThat(ran).isEmpty();
    session.close();
  }

  private static String logs() {
    return stderr.text();
  }
}
