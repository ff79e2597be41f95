package dev.copilotj.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.Subscription;
import dev.copilotj.test.ScriptedCliServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the CLI sends to the client, played by a scripted peer (the real CLI sends them only for features
 * that need an account or a UI): routed to their handler, answered once in the protocol's result or error form.
 */
class ServerRequestRoutingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ScriptedCliServer cli;
  private CopilotClient client;

  @BeforeEach
  void connect() throws Exception {
    cli = ScriptedCliServer.start();
    client = new CopilotClient(CopilotClientOptions.builder().serverAddress(cli.address())
        .requestTimeout(Duration.ofMillis(800)).build());
    client.start().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    client.close();
    cli.close();
  }

  record Order(String number) {
  }

  record Status(String number, String status) {
  }

  @Test
  void aMethodNobodyHandlesIsMethodNotFound() throws Exception {
    JsonNode answer = ask("canvas.open", Map.of());
    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32601);
    assertThat(answer.path("error").path("message").asText()).contains("canvas.open");
    assertThat(answer.has("result")).isFalse();
  }

  @Test
  void aHandlerAnswersWithItsResultReadingTypedParams() throws Exception {
    List<String> threads = new CopyOnWriteArrayList<>();
    client.onServerRequest("orders.status", request -> {
      threads.add(Thread.currentThread().getName());
      assertThat(request.sessionId()).isNull();
      assertThat(request.paramsJson()).contains("A-1");
      return new Status(request.params(Order.class).number(), "shipped");
    });

    JsonNode answer = ask("orders.status", Map.of("number", "A-1", "extra", 1));

    assertThat(answer.path("result")).isEqualTo(JSON.valueToTree(Map.of("number", "A-1", "status", "shipped")));
    assertThat(threads).singleElement().asString().doesNotEndWith("-reader");
  }

  @Test
  void aHandlerMayAnswerLaterWithAStageAndNullIsAJsonNull() throws Exception {
    CompletableFuture<Object> later = new CompletableFuture<>();
    client.onServerRequest("later", request -> later);
    client.onServerRequest("nothing", request -> null);

    CompletableFuture<JsonNode> pending = cli.request("later", JSON.createObjectNode());
    Thread.sleep(100);
    assertThat(pending).isNotDone();
    later.complete(List.of(1, 2));

    assertThat(pending.get(5, TimeUnit.SECONDS).path("result")).isEqualTo(JSON.valueToTree(List.of(1, 2)));
    JsonNode nothing = ask("nothing", Map.of());
    assertThat(nothing.has("result")).isTrue();
    assertThat(nothing.path("result").isNull()).isTrue();
  }

  @Test
  void aThrowingHandlerGivesAGenericErrorAndItsTextStaysHere() throws Exception {
    client.onServerRequest("boom", request -> {
      throw new IllegalStateException("db password is hunter2");
    });
    client.onServerRequest("boom.later", request -> CompletableFuture.failedFuture(
        new IllegalStateException("db password is hunter2")));

    for (String method : List.of("boom", "boom.later")) {
      JsonNode answer = ask(method, Map.of());
      assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32603);
      assertThat(answer.toString()).doesNotContain("hunter2");
    }
  }

  @Test
  void aRejectionIsAnsweredAsGiven() throws Exception {
    client.onServerRequest("sessionFs.readFile", request -> {
      throw new ServerRequestRejectedException(-32602, "no such file: a.txt");
    });

    JsonNode answer = ask("sessionFs.readFile", Map.of("path", "a.txt"));

    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(answer.path("error").path("message").asText()).isEqualTo("no such file: a.txt");
  }

  @Test
  void aHandlerThatDoesNotAnswerInTimeGetsAnErrorAnsweredOnce() throws Exception {
    CompletableFuture<Object> never = new CompletableFuture<>();
    client.onServerRequest("slow", request -> never);

    JsonNode answer = ask("slow", Map.of());

    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32603);
    assertThat(answer.path("error").path("message").asText()).contains("did not answer within 800 ms");
    never.complete("too late"); // dropped: the CLI already has its answer
    assertThat(ask("ping.me", Map.of()).path("error").path("code").asInt()).isEqualTo(-32601);
  }

  @Test
  void requestsOfASessionRunOnItsLaneInOrderWithItsEvents() throws Exception {
    CopilotSession session = client.createSession(SessionConfig.defaults()).get(10, TimeUnit.SECONDS);
    List<String> order = new CopyOnWriteArrayList<>();
    session.on(event -> order.add("event " + event.id()));
    client.onServerRequest("hooks.invoke", request -> {
      order.add("request " + request.params(Map.class).get("n"));
      assertThat(request.sessionId()).isEqualTo(session.id());
      return Map.of("ok", true);
    });

    cli.sessionEvent(session.id(), "session.info", "e1", Map.of("infoType", "x", "message", "m"));
    CompletableFuture<JsonNode> first = cli.request("hooks.invoke", JSON.valueToTree(
        Map.of("sessionId", session.id(), "n", 1)));
    cli.sessionEvent(session.id(), "session.info", "e2", Map.of("infoType", "x", "message", "m"));
    CompletableFuture<JsonNode> second = cli.request("hooks.invoke", JSON.valueToTree(
        Map.of("sessionId", session.id(), "n", 2)));

    assertThat(first.get(5, TimeUnit.SECONDS).path("result").path("ok").asBoolean()).isTrue();
    assertThat(second.get(5, TimeUnit.SECONDS).path("result").path("ok").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 4);
    assertThat(order).containsExactly("event e1", "request 1", "event e2", "request 2");
  }

  @Test
  void oneHandlerPerMethodAndClosingTheSubscriptionRemovesIt() throws Exception {
    Subscription handler = client.onServerRequest("one", request -> "first");
    assertThatThrownBy(() -> client.onServerRequest("one", request -> "second"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'one'");
    assertThat(ask("one", Map.of()).path("result").asText()).isEqualTo("first");

    handler.close();

    assertThat(ask("one", Map.of()).path("error").path("code").asInt()).isEqualTo(-32601);
  }

  private JsonNode ask(String method, Map<String, Object> params) throws Exception {
    return cli.request(method, JSON.valueToTree(params)).get(10, TimeUnit.SECONDS);
  }
}
