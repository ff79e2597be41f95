package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.tool.PermissionDecision;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.Test;

/** Which tools the model is offered, as the fake model receives them from the real CLI. */
@CopilotOfflineTest
class ToolSelectionIT {

  private static final Duration TURN = Duration.ofSeconds(30);

  private static final ToolDefinition ORDERS = ToolDefinition.builder("order_status").description("Order status")
      .handler(call -> ToolResult.text("shipped")).build();

  @Test
  void excludedToolsAreNeverOfferedAndTheRestAre(CopilotTestRig rig, FakeCopilotApi fake) throws Exception {
    List<String> all = offered(rig, fake, SessionConfig.builder().tool(ORDERS).build());
    assertThat(all).contains("order_status", "bash");

    List<String> without = offered(rig, fake, SessionConfig.builder().tool(ORDERS).excludedTools(List.of("bash"))
        .build());

    assertThat(without).doesNotContain("bash").contains("order_status");
    assertThat(without).hasSize(all.size() - 1);
  }

  @Test
  void availableToolsAreTheOnlyOnesOffered(CopilotTestRig rig, FakeCopilotApi fake) throws Exception {
    List<String> only = offered(rig, fake, SessionConfig.builder().tool(ORDERS)
        .availableTools(List.of("view", "order_status")).build());

    assertThat(only).containsExactlyInAnyOrder("view", "order_status");
  }

  @Test
  void aToolThatSkipsPermissionRunsWithoutAskingTheHandler(CopilotTestRig rig, FakeCopilotApi fake)
      throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    ToolDefinition quiet = ToolDefinition.builder("quiet_lookup").description("Always safe")
        .handler(call -> ToolResult.text("quiet result")).skipPermission(true).build();
    ToolDefinition asking = ToolDefinition.builder("asking_lookup").description("Asks first")
        .handler(call -> ToolResult.text("asking result")).build();
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      try (CopilotSession session = client.createSession(SessionConfig.builder().tool(quiet).tool(asking)
          .permissionHandler(request -> {
            asked.add(String.valueOf(request.toolName()));
            return PermissionDecision.approve();
          }).build()).get(30, TimeUnit.SECONDS)) {
        assertThat(session.sendAndWait("CALL_TOOL quiet_lookup {}", TURN).get(40, TimeUnit.SECONDS).content())
            .isEqualTo("TOOL RESULT WAS: quiet result");
        assertThat(session.sendAndWait("CALL_TOOL asking_lookup {}", TURN).get(40, TimeUnit.SECONDS).content())
            .isEqualTo("TOOL RESULT WAS: asking result");
      }
    }
    assertThat(asked).containsExactly("asking_lookup");
  }

  @Test
  void aToolMayReplaceABuiltInToolOfTheSameName(CopilotTestRig rig, FakeCopilotApi fake) throws Exception {
    ToolDefinition view = ToolDefinition.builder("view").description("The application's own view")
        .handler(call -> ToolResult.text("app view")).overridesBuiltInTool(true).skipPermission(true).build();
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      int before = fake.chatRequests().size();
      try (CopilotSession session = client.createSession(SessionConfig.builder().tool(view).build())
          .get(30, TimeUnit.SECONDS)) {
        assertThat(session.sendAndWait("CALL_TOOL view {}", TURN).get(40, TimeUnit.SECONDS).content())
            .isEqualTo("TOOL RESULT WAS: app view");
      }
      assertThat(fake.chatRequests().get(before).body()).contains("The application's own view");
      assertThat(fake.chatRequests().get(before).toolNames()).containsOnlyOnce("view");
    }
  }

  private static List<String> offered(CopilotTestRig rig, FakeCopilotApi fake, SessionConfig config)
      throws Exception {
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      int before = fake.chatRequests().size();
      try (CopilotSession session = client.createSession(config).get(30, TimeUnit.SECONDS)) {
        session.sendAndWait("Say hello", TURN).get(40, TimeUnit.SECONDS);
      }
      return fake.chatRequests().get(before).toolNames();
    }
  }
}
