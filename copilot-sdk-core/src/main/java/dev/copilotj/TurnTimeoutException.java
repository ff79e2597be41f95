package dev.copilotj;

import java.time.Duration;

/** A {@link CopilotSession#sendAndWait} turn did not finish within its timeout, so it was aborted. */
public class TurnTimeoutException extends CopilotTimeoutException {

  private final String sessionId;

  /**
   * Creates the exception.
   *
   * @param sessionId the session whose turn was aborted
   * @param timeout the turn's timeout
   */
  public TurnTimeoutException(String sessionId, Duration timeout) {
    super(timeout, "The turn did not finish within " + timeout.toMillis()
        + " ms, so it was aborted. Raise the timeout for long agent turns.", null);
    this.sessionId = sessionId;
  }

  /** @return the session whose turn was aborted */
  public String sessionId() {
    return sessionId;
  }
}
