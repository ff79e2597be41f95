package dev.copilotj;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Something did not happen within its timeout: a request ({@link RequestTimeoutException}), the start
 * ({@link StartupTimeoutException}) or a turn ({@link TurnTimeoutException}). Catch this type to handle them alike.
 */
public class CopilotTimeoutException extends CopilotException {

  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param timeout how long was waited
   * @param message what did not finish and which setting to raise
   * @param cause the underlying failure, if any
   */
  public CopilotTimeoutException(Duration timeout, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.timeout = timeout;
  }

  /** @return how long was waited */
  public Duration timeout() {
    return timeout;
  }
}
