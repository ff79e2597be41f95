package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.ChatRequest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeReply;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The order tool bean runs inside the application and its result reaches the model; the policy denies the rest. */
class OrderToolIT extends ChatTestSupport {

  @Autowired
  OrderRepository orders;

  @Autowired
  CopilotTestRig rig;

  @Test
  void theOrderToolBeanLooksUpTheOrderAndItsResultReachesTheModel() {
    String id = createSession();
    long lookups = orders.lookups();

    HttpResponse<String> response = ask(id, "Where is order 1042?");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = json(response);
    JsonNode call = result.path("toolCalls").get(0);
    assertThat(call.path("toolName").asText()).isEqualTo("order_status");
    assertThat(call.path("arguments").asText()).isEqualTo("{\"number\":\"1042\"}");
    assertThat(call.path("success").asBoolean()).isTrue();
    assertThat(orders.lookups()).isEqualTo(lookups + 1);

    String expected = orders.find("1042").orElseThrow().describe();
    List<ChatRequest> modelCalls = fake.chatRequests();
    assertThat(modelCalls).hasSize(2);
    assertThat(modelCalls.get(0).lastMessage().role()).isEqualTo("user");
    ChatMessage toolResult = fake.lastChatRequest().lastMessage();
    assertThat(toolResult.role()).isEqualTo("tool");
    assertThat(toolResult.text()).isEqualTo(expected);
    assertThat(result.path("answer").asText())
        .isEqualTo("I looked it up with the order_status tool. " + expected + " Is there another order I can check for you?");
  }

  @Test
  void anUnknownOrderIsAFailedToolResultThatTheModelExplains() {
    String id = createSession();

    JsonNode result = json(ask(id, "What about order #9999?"));

    JsonNode call = result.path("toolCalls").get(0);
    assertThat(call.path("arguments").asText()).isEqualTo("{\"number\":\"9999\"}");
    assertThat(call.path("success").asBoolean()).isFalse();
    assertThat(call.path("result").asText()).contains("There is no order 9999.");
    assertThat(fake.lastChatRequest().lastMessage().text()).contains("There is no order 9999.");
    assertThat(result.path("answer").asText()).contains("Could you check the number?");
  }

  @Test
  void thePermissionPolicyDeniesToolsThatAreNotTheApplications() {
    String id = createSession();
    fake.enqueue(FakeReply.toolCall("bash", "{\"command\":\"echo owned > owned.txt\",\"description\":\"write\"}"));

    JsonNode result = json(ask(id, "Run a shell command for me"));

    JsonNode call = result.path("toolCalls").get(0);
    assertThat(call.path("toolName").asText()).isEqualTo("bash");
    assertThat(call.path("success").asBoolean()).isFalse();
    assertThat(call.path("result").asText())
        .isEqualTo("The user rejected this tool call. User feedback: only the application's own tools may run");
    // the turn goes on: the model's next request carries the rejection with the policy's reason
    assertThat(fake.chatRequests()).hasSize(2);
    assertThat(fake.chatRequests().get(1).lastMessage().text()).contains("only the application's own tools may run");
    assertThat(rig.workDirectory().resolve("owned.txt")).doesNotExist();
  }
}
