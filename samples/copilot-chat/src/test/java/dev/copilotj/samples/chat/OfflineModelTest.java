package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.ChatRequest;
import dev.copilotj.test.FakeReply;
import org.junit.jupiter.api.Test;

class OfflineModelTest {

  final OfflineModel model = new OfflineModel();

  @Test
  void aPromptWithAnOrderNumberCallsTheOrderTool() {
    assertThat(model.apply(request("Where is order 1042?"))).isEqualTo(
        FakeReply.toolCall("order_status", "{\"number\":\"1042\"}"));
    assertThat(model.apply(request("and my order number is 77123, thanks"))).isEqualTo(
        FakeReply.toolCall("order_status", "{\"number\":\"77123\"}"));
    assertThat(model.apply(request("What about #1043"))).isEqualTo(
        FakeReply.toolCall("order_status", "{\"number\":\"1043\"}"));
  }

  @Test
  void theToolResultBecomesTheAnswer() {
    List<ChatMessage> messages = new ArrayList<>(request("Where is order 1042?").messages());
    messages.add(new ChatMessage("assistant", null, null,
        List.of(new FakeReply.ToolCall("call_1", "order_status", "{\"number\":\"1042\"}"))));
    messages.add(new ChatMessage("tool", "Order 1042 has shipped.", "call_1", List.of()));

    FakeReply reply = model.apply(request(messages));

    assertThat(reply).isEqualTo(FakeReply.text(
        "I looked it up with the order_status tool. Order 1042 has shipped. Is there another order I can check for you?"));
  }

  @Test
  void theWordErrorFailsTheModelCall() {
    assertThat(model.apply(request("Show me an error"))).isEqualTo(FakeReply.error(400, OfflineModel.ERROR_MESSAGE));
    assertThat(model.apply(request("Errors?"))).isInstanceOf(FakeReply.Error.class);
    assertThat(model.apply(request("terrorists have no order here"))).isInstanceOf(FakeReply.Text.class);
  }

  @Test
  void anythingElseGetsAFriendlyAnswerOfManyWords() {
    FakeReply reply = model.apply(request("Hi"));

    assertThat(reply).isInstanceOf(FakeReply.Text.class);
    String text = ((FakeReply.Text) reply).content();
    assertThat(text).startsWith("Hello! I am the offline stand-in for Copilot").contains("\"Hi\"");
    assertThat(text.split(" ")).hasSizeGreaterThan(40);
  }

  @Test
  void theContextTheCliPutsBeforeThePromptIsIgnored() {
    assertThat(OfflineModel.prompt("<current_datetime>2025-01-01T00:00:00Z</current_datetime>\n\n"
        + "<reminder>an error is bad</reminder>\nHello")).isEqualTo("Hello");
    assertThat(model.apply(request("<current_datetime>x</current_datetime>\n\nHello"))).isInstanceOf(
        FakeReply.Text.class);
  }

  @Test
  void withoutTheOrderToolOfferedNoToolIsCalled() {
    ChatRequest request = new ChatRequest("m", List.of(new ChatMessage("user", "order 1042", null, List.of())),
        List.of("bash"), true, Map.of(), "{}");

    assertThat(model.apply(request)).isInstanceOf(FakeReply.Text.class);
  }

  private static ChatRequest request(String prompt) {
    return request(List.of(new ChatMessage("system", "You are Copilot.", null, List.of()),
        new ChatMessage("user", prompt, null, List.of())));
  }

  private static ChatRequest request(List<ChatMessage> messages) {
    return new ChatRequest("claude-sonnet-4.5", messages, List.of("bash", "order_status"), true, Map.of(), "{}");
  }
}
