package dev.copilotj;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** The CLI did not start, or did not complete the handshake, within {@link CopilotClientOptions#startupTimeout()}. */
public class StartupTimeoutException extends CopilotTimeoutException {

  /**
   * Creates the exception.
   *
   * @param timeout the startup timeout
   * @param message which step did not finish and what to do
   * @param cause the underlying failure, if any
   */
  public StartupTimeoutException(Duration timeout, String message, @Nullable Throwable cause) {
    super(timeout, message, cause);
  }
}
