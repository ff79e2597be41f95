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

  /**
   * Creates the exception with a message that says why the session was closed.
   *
   * @param sessionId the session
   * @param message why, and what to do
   */
  public SessionClosedException(String sessionId, String message) {
    super(message);
    this.sessionId = sessionId;
  }

  /** @return the session's id */
  public String sessionId() {
    return sessionId;
  }
}
