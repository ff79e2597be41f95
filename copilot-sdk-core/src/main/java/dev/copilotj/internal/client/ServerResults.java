package dev.copilotj.internal.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.AuthStatus;
import dev.copilotj.CopilotException;
import dev.copilotj.ModelInfo;
import dev.copilotj.PingResponse;
import dev.copilotj.ServerStatus;
import dev.copilotj.SessionMetadata;
import dev.copilotj.internal.json.Json;

/** Decoders of the server-scoped results ({@code ping}, {@code status.get}, {@code models.list}, …), in one place. */
public final class ServerResults {

  private ServerResults() {
  }

  /**
   * Decodes a {@code ping} result.
   *
   * @param result the result
   * @return the answer
   */
  public static PingResponse ping(JsonNode result) {
    return new PingResponse(Json.text(result, "message", ""), Json.instant(result, "timestamp"),
        Json.intValue(result, "protocolVersion", 0));
  }

  /**
   * Decodes a {@code status.get} result.
   *
   * @param result the result
   * @return the CLI's version and protocol version
   */
  public static ServerStatus status(JsonNode result) {
    return new ServerStatus(Json.text(result, "version", "unknown"), Json.intValue(result, "protocolVersion", 0));
  }

  /**
   * Decodes a {@code connect} result.
   *
   * @param result the result
   * @return the CLI's version and protocol version
   * @throws CopilotException when the CLI refused the connection
   */
  public static ServerStatus connect(JsonNode result) {
    if (!Json.bool(result, "ok", true)) {
      throw new CopilotException("The Copilot CLI refused the connection: " + result
          + ". Check the connection token (CopilotClientOptions.connectionToken).");
    }
    return status(result);
  }

  /**
   * Decodes an {@code auth.getStatus} result.
   *
   * @param result the result
   * @return the sign-in state
   */
  public static AuthStatus authStatus(JsonNode result) {
    return new AuthStatus(Json.bool(result, "isAuthenticated", false), Json.text(result, "authType"),
        Json.text(result, "host"), Json.text(result, "login"), Json.text(result, "statusMessage"));
  }

  /**
   * Decodes a {@code models.list} result.
   *
   * @param result the result
   * @return the models, in the CLI's order
   */
  public static List<ModelInfo> models(JsonNode result) {
    List<ModelInfo> list = new ArrayList<>();
    for (JsonNode model : result.path("models")) {
      JsonNode capabilities = model.path("capabilities");
      JsonNode supports = capabilities.path("supports");
      JsonNode window = capabilities.path("limits").path("max_context_window_tokens");
      String id = Json.text(model, "id", "");
      list.add(new ModelInfo(id, Json.text(model, "name", id), Json.bool(supports, "vision", false),
          Json.bool(supports, "reasoningEffort", false), window.isNumber() ? window.intValue() : null));
    }
    return List.copyOf(list);
  }

  /**
   * Decodes a {@code session.list} entry or {@code session.getMetadata}'s {@code session}.
   *
   * @param session the session object
   * @return its metadata
   */
  public static SessionMetadata metadata(JsonNode session) {
    return new SessionMetadata(Json.text(session, "sessionId", ""), Json.instant(session, "startTime"),
        Json.instant(session, "modifiedTime"), Json.text(session, "summary"), Json.text(session, "name"),
        Json.text(session, "clientName"), Json.bool(session, "isRemote", false),
        Json.text(session.path("context"), "cwd"));
  }

  /**
   * Decodes a {@code session.list} result.
   *
   * @param result the result
   * @return the stored sessions, in the CLI's order
   */
  public static List<SessionMetadata> sessions(JsonNode result) {
    List<SessionMetadata> sessions = new ArrayList<>();
    for (JsonNode session : result.path("sessions")) {
      sessions.add(metadata(session));
    }
    return List.copyOf(sessions);
  }
}
