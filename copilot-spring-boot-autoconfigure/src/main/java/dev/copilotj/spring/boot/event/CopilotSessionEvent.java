package dev.copilotj.spring.boot.event;

import java.util.Objects;

import dev.copilotj.CopilotClient;
import org.jspecify.annotations.Nullable;

/**
 * Base class of the events about one session of a {@link CopilotClient}.
 */
public abstract class CopilotSessionEvent extends CopilotEvent {

  private final String sessionId;
  private final @Nullable String clientSessionId;

  /**
   * Creates the event.
   *
   * @param client the client the session belongs to
   * @param sessionId the session's id
   * @param clientSessionId for a cloud session, the provisional id the client made for its create; null otherwise
   */
  protected CopilotSessionEvent(CopilotClient client, String sessionId, @Nullable String clientSessionId) {
    super(client);
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.clientSessionId = clientSessionId;
  }

  /**
   * Returns the session's id. For a cloud session, this is the id the server assigned.
   *
   * @return the session id
   */
  public String sessionId() {
    return this.sessionId;
  }

  /**
   * Returns the provisional id the client made when it asked for a cloud session, which the server then replaced by
   * {@link #sessionId()}.
   *
   * @return the provisional id; null for local sessions, and null when it is not known
   */
  public @Nullable String clientSessionId() {
    return this.clientSessionId;
  }
}
