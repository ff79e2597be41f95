package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception this SDK throws or completes a future with. Unchecked; the subtypes say
 * what went wrong in a way a caller can act on, and every message names the problem and the fix.
 */
public class CopilotException extends RuntimeException {

  /**
   * Creates the exception.
   *
   * @param message what went wrong and what to do about it
   */
  public CopilotException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong and what to do about it
   * @param cause the underlying failure
   */
  public CopilotException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
