package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * The connection to the CLI closed while a request was pending or before one could be sent. When the
 * CLI process exited, the exit code and the tail of its stderr are part of the message and available
 * here.
 */
public class ConnectionClosedException extends CopilotException {

  private final @Nullable Integer exitCode;
  private final String stderrTail;

  /**
   * Creates the exception.
   *
   * @param message why the connection closed
   * @param exitCode the CLI's exit code, when it is known to have exited
   * @param stderrTail the last lines the CLI wrote to stderr, possibly empty
   * @param cause the underlying failure, if any
   */
  public ConnectionClosedException(String message, @Nullable Integer exitCode, String stderrTail,
      @Nullable Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
  }

  /** @return the CLI's exit code, or {@code null} when it had not exited (or was not spawned by us) */
  public @Nullable Integer exitCode() {
    return exitCode;
  }

  /** @return the last lines the CLI wrote to stderr; empty when there were none */
  public String stderrTail() {
    return stderrTail;
  }
}
