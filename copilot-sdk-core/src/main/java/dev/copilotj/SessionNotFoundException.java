package dev.copilotj;

/** The CLI has no stored session with the given id (to read, resume or delete). */
public class SessionNotFoundException extends CopilotException {

  private final String sessionId;

  /**
   * Creates the exception.
   *
   * @param sessionId the unknown session
   * @param message what was asked and what to do, for example list the sessions first
   */
  public SessionNotFoundException(String sessionId, String message) {
    super(message);
    this.sessionId = sessionId;
  }

  /** @return the unknown session's id */
  public String sessionId() {
    return sessionId;
  }
}
