package dev.copilotj;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.internal.client.ClientConnection;
import dev.copilotj.internal.concurrent.CallbackFuture;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.session.PendingCreate;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.internal.session.SessionRegistry;

/**
 * Opens sessions on a connection: registers them with the registry, sends the create or resume, and on failure
 * removes everything the open registered <em>before</em> the caller's future fails, so a caller that sees the
 * failure finds nothing of the session left in the client. A resume of a session already open in the client
 * reconfigures that session instead of opening another.
 */
final class SessionOpener {

  private static final String RESUME = "session.resume";

  private SessionOpener() {
  }

  /**
   * A local session: the client picks the id and registers the session before {@code session.create} (or
   * {@code session.resume}) is sent, because the CLI emits events for it before it answers.
   */
  static CompletableFuture<CopilotSession> openLocal(ClientConnection connection, String method, String id,
      SessionConfig config) {
    CopilotSession session = new CopilotSession(connection, id, null, config);
    if (RESUME.equals(method)) {
      SessionEndpoint open = connection.registry().putLiveIfAbsent(id, session.endpoint());
      if (open != null) {
        return resumeOpen(connection, ((CopilotSession.Endpoint) open).session(), config);
      }
    } else {
      try {
        connection.registry().putLive(id, session.endpoint());
      } catch (CopilotException e) {
        return CallbackFuture.failed(connection.executor(), e);
      }
    }
    CompletableFuture<CopilotSession> answered = connection.rpc().request(method, SessionWire.createParams(config, id),
        connection.requestTimeout(), result -> {
          checkConfirmed(method, id, result);
          return session;
        });
    return afterCleanup(connection, answered, method, id, failure -> session.endpoint().terminate(failure));
  }

  /**
   * A resume of a session open in this client: the CLI takes it on the same connection and applies the new
   * config. The open {@code CopilotSession} stays registered throughout, so no event is lost or routed twice; it
   * takes the new config when the CLI answers (on the reader thread, so every event after the answer is handled
   * with it and every event before with the old one). On failure it stays open with its old config.
   */
  private static CompletableFuture<CopilotSession> resumeOpen(ClientConnection connection, CopilotSession open,
      SessionConfig config) {
    String id = open.id();
    CompletableFuture<CopilotSession> answered = connection.rpc().request(RESUME,
        SessionWire.createParams(config, id), connection.requestTimeout(), result -> {
          checkConfirmed(RESUME, id, result);
          if (open.isTerminated()) {
            throw new SessionClosedException(id, false);
          }
          open.reconfigure(config);
          return open;
        });
    return afterCleanup(connection, answered, RESUME, id, failure -> { });
  }

  private static void checkConfirmed(String method, String id, JsonNode result) {
    String confirmed = Json.text(result, "sessionId", id);
    if (!confirmed.equals(id)) {
      throw new CopilotException("The CLI answered " + method + " for session " + id + " with session "
          + confirmed + "; the session was not opened.");
    }
  }

  /**
   * A cloud session: the server assigns the id, so the registry holds a pending create that builds the session
   * when the {@code session.created} notification or the create response names it, whichever comes first. The
   * provisional id is the caller's ({@link CloudOptions#clientSessionId()}) or a random UUID.
   */
  static CompletableFuture<CopilotSession> createCloud(ClientConnection connection, SessionConfig config) {
    SessionRegistry registry = connection.registry();
    CloudOptions cloud = config.cloud();
    String chosen = cloud == null ? null : cloud.clientSessionId();
    String provisionalId = chosen != null ? chosen : UUID.randomUUID().toString();
    try {
      registry.putPending(new PendingCreate(provisionalId,
          realId -> new CopilotSession(connection, realId, provisionalId, config).endpoint()));
    } catch (CopilotException e) {
      return CallbackFuture.failed(connection.executor(), e);
    }
    CompletableFuture<CopilotSession> answered = connection.rpc().request("session.create",
        SessionWire.cloudCreateParams(config, provisionalId), connection.requestTimeout(), result -> {
          String sessionId = Json.text(result, "sessionId");
          if (sessionId == null || sessionId.isBlank()) {
            throw new CopilotException("The cloud session.create response has no sessionId");
          }
          return ((CopilotSession.Endpoint) registry.onCreateResponse(provisionalId, sessionId)).session();
        });
    return afterCleanup(connection, answered, "session.create", provisionalId,
        failure -> registry.failPending(provisionalId, failure));
  }

  /** The caller's future: on failure it fails only after {@code cleanup} removed what the open registered. */
  private static CompletableFuture<CopilotSession> afterCleanup(ClientConnection connection,
      CompletableFuture<CopilotSession> answered, String method, String id, Consumer<CopilotException> cleanup) {
    CallbackFuture<CopilotSession> opened = new CallbackFuture<>(connection.executor());
    CallbackFuture.onCompletionInline(answered, (ok, error) -> {
      if (error == null) {
        opened.complete(ok);
        return;
      }
      CopilotException failure = openFailure(method, id, error);
      cleanup.accept(failure);
      opened.completeExceptionally(failure);
    });
    return opened;
  }

  private static CopilotException openFailure(String method, String id, Throwable error) {
    Throwable cause = CopilotException.unwrap(error);
    if (cause instanceof CopilotException copilot) {
      return copilot;
    }
    return new CopilotException(method + " of session " + id + " failed: " + CopilotException.describe(cause), cause);
  }
}
