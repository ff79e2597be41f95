package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.tool.PermissionRequest;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class ChatPermissionPolicyTest {

  final ChatPermissionPolicy policy = new ChatPermissionPolicy(tools());

  @Test
  void approvesTheApplicationsOwnTool() {
    assertThat(policy.decide(request("custom-tool", "order_status", true)).approved()).isTrue();
  }

  @Test
  void deniesEverythingElse() {
    assertThat(policy.decide(request("shell", "bash", false)).approved()).isFalse();
    assertThat(policy.decide(request("write", null, false)).approved()).isFalse();
    assertThat(policy.decide(request("url", "web_fetch", false)).approved()).isFalse();
    assertThat(policy.decide(request("mcp", "github-mcp", false)).approved()).isFalse();
    // a client tool of another session, or one the application does not define
    assertThat(policy.decide(request("custom-tool", "order_status", false)).approved()).isFalse();
    assertThat(policy.decide(request("custom-tool", "delete_orders", true)).approved()).isFalse();
  }

  private static PermissionRequest request(String kind, String toolName, boolean registered) {
    return new PermissionRequest("session-1", "request-1", kind, toolName, "call-1", "{}", registered, "{}");
  }

  private static ObjectProvider<ToolDefinition> tools() {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("orderStatusTool", ToolDefinition.builder("order_status").description("orders")
        .handler(call -> ToolResult.text("shipped")).build());
    return beans.getBeanProvider(ToolDefinition.class);
  }
}
