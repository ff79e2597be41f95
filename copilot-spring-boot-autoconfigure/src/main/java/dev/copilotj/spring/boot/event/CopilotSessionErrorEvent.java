package dev.copilotj.spring.boot.event;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.event.SessionErrorEvent;
import org.jspecify.annotations.Nullable;

/**
 * A session of this client reported an error ({@link SessionErrorEvent}): typically its prompt failed because the
 * model call failed after the CLI's retries. Also published, once per session, with the error type
 * {@value CopilotSession#TERMINATED_ERROR_TYPE} when an open session ends on the client's side: it was closed or
 * deleted, or its client stopped or lost the CLI; see {@link #isClientTerminated()}. Listeners that only care
 * about failures reported by the CLI skip those.
 *
 * <p>Only sessions this client opened (created or resumed) report errors. The errors of one session are published
 * in that session's event order.
 */
public class CopilotSessionErrorEvent extends CopilotSessionEvent {

  private final String errorType;
  private final String message;
  private final @Nullable Integer statusCode;

  /**
   * Creates the event.
   *
   * @param client the client the session belongs to
   * @param event the session's error event
   * @param clientSessionId for a cloud session, the provisional id, when known; null otherwise
   */
  public CopilotSessionErrorEvent(CopilotClient client, SessionErrorEvent event, @Nullable String clientSessionId) {
    super(client, event.sessionId(), clientSessionId);
    this.errorType = event.errorType();
    this.message = event.message();
    this.statusCode = event.statusCode();
  }

  /**
   * Returns the error class, such as {@code "query"}, or {@value CopilotSession#TERMINATED_ERROR_TYPE}.
   *
   * @return the error type
   */
  public String errorType() {
    return this.errorType;
  }

  /**
   * Returns what went wrong, as the CLI (or, for a terminated session, the client) words it.
   *
   * @return the message
   */
  public String message() {
    return this.message;
  }

  /**
   * Returns the HTTP status of the failed model call.
   *
   * @return the status; null when the error was not a failed model call
   */
  public @Nullable Integer statusCode() {
    return this.statusCode;
  }

  /**
   * Returns whether this is the synthetic error a session gets when it ends on the client's side (closed, deleted,
   * or its client stopped or lost the CLI), rather than an error the CLI reported. Its {@link #message()} says
   * which.
   *
   * @return true for error type {@value CopilotSession#TERMINATED_ERROR_TYPE}
   */
  public boolean isClientTerminated() {
    return CopilotSession.TERMINATED_ERROR_TYPE.equals(this.errorType);
  }

  @Override
  public String toString() {
    return "CopilotSessionErrorEvent[sessionId=" + sessionId() + ", errorType=" + this.errorType
        + (this.statusCode != null ? ", statusCode=" + this.statusCode : "") + ", message=" + this.message + "]";
  }
}
