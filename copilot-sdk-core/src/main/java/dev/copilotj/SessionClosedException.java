package dev.copilotj;

/**
 * The session was closed or deleted by the application, so it takes no more prompts. Resume it with
 * {@link CopilotClient#resumeSession} to go on with its history (a deleted session has none).
 */
public class SessionClosedException extends CopilotException {

  private final String sessionId;

  /**
   * Creates the exception.
   *
   * @param sessionId the session
   * @param deleted whether it was deleted rather than closed
   */
  public SessionClosedException(String sessionId, boolean deleted) {
    super("Session " + sessionId + " was " + (deleted ? "deleted." : "closed."));
    this.sessionId = sessionId;
  }

  /** @return the session's id */
  public String sessionId() {
    return sessionId;
  }
}
