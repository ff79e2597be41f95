package dev.copilotj.bench;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One session of the {@link RawClient}: one turn at a time, handled entirely on the reader thread. */
final class RawSession {

  private final RawClient client;
  final String id;
  private volatile CompletableFuture<String> turn = CompletableFuture.completedFuture("");
  private volatile String lastMessage = "";
  /** Diagnostic hook: sees every event on the reader thread. */
  volatile Consumer<JsonNode> tracer;

  RawSession(RawClient client, String id) {
    this.client = client;
    this.id = id;
  }

  /** Sends a prompt; completes with the turn's last assistant message when {@code session.idle} arrives. */
  CompletableFuture<String> sendAndWait(String prompt) {
    CompletableFuture<String> next = new CompletableFuture<>();
    lastMessage = "";
    turn = next;
    ObjectNode params = client.params();
    params.put("sessionId", id);
    params.put("prompt", prompt);
    client.request("session.send", params).whenComplete((ok, error) -> {
      if (error != null) {
        next.completeExceptionally(error);
      }
    });
    return next;
  }

  CompletableFuture<JsonNode> destroy() {
    client.forget(id);
    ObjectNode params = client.params();
    params.put("sessionId", id);
    return client.request("session.destroy", params);
  }

  /** Reader thread. */
  void onEvent(JsonNode event) {
    Consumer<JsonNode> trace = tracer;
    if (trace != null) {
      trace.accept(event);
    }
    String type = event.path("type").asText();
    JsonNode data = event.path("data");
    switch (type) {
      case "permission.requested" -> {
        ObjectNode params = client.params();
        params.put("sessionId", id);
        params.put("requestId", data.path("requestId").asText());
        params.putObject("result").put("kind", "approve-once");
        client.request("session.permissions.handlePendingPermissionRequest", params);
      }
      case "external_tool.requested" -> {
        ObjectNode params = client.params();
        params.put("sessionId", id);
        params.put("requestId", data.path("requestId").asText());
        params.put("result", data.path("arguments").path("text").asText().toUpperCase(Locale.ROOT)
            + " (from client tool)");
        client.request("session.tools.handlePendingToolCall", params);
      }
      case "assistant.message" -> lastMessage = data.path("content").asText();
      case "session.idle" -> turn.complete(lastMessage);
      case "session.error" -> turn.completeExceptionally(
          new IllegalStateException("session.error: " + data.path("message").asText()));
      default -> {
        // nothing to do
      }
    }
  }

  void fail(Throwable cause) {
    turn.completeExceptionally(cause);
  }
}
