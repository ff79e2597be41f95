package dev.copilotj.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.test.FakeReply;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The test kit as a user's application would use it: the example in the README, run for real. */
@SpringBootTest
@AutoConfigureCopilotOffline
class OfflineKitIT {

  @Autowired
  CopilotClient client;

  @Autowired
  FakeCopilotApi fake;

  @Test
  void aScriptedToolTurnRunsThroughTheApplicationsToolBean() {
    fake.enqueue(FakeReply.toolCall("order_status", "{\"number\":\"42\"}"), FakeReply.text("Order 42 has shipped."));

    CopilotSession session = client.createSession().join();
    String answer = session.sendAndWait("Where is order 42?", Duration.ofSeconds(30)).join().content();

    assertThat(answer).isEqualTo("Order 42 has shipped.");
    ChatMessage toolResult = fake.lastChatRequest().lastMessage();
    assertThat(toolResult.role()).isEqualTo("tool");
    assertThat(toolResult.text()).isEqualTo("shipped");
    assertThat(fake.chatRequests().get(0).lastUserMessage().text()).endsWith("Where is order 42?");
  }

  @Test
  void theFakeIsResetBeforeEachTestAndTheClientRunsOffline() {
    assertThat(fake.chatRequests()).isEmpty();
    assertThat(fake.pendingReplies()).isZero();
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(client.authStatus().join().authenticated()).isTrue();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class OrdersApplication {

    @Bean
    ToolDefinition orderStatus() {
      return ToolDefinition.builder("order_status")
          .description("Looks up the status of an order by its number")
          .parametersSchema("{\"type\":\"object\",\"properties\":{\"number\":{\"type\":\"string\"}}}")
          .handler(call -> ToolResult.text("42".equals(call.arguments().get("number")) ? "shipped" : "unknown"))
          .build();
    }
  }
}
