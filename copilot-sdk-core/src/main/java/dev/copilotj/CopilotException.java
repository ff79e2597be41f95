package dev.copilotj;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

  /**
   * Strips the wrappers a future adds ({@link CompletionException}, {@link ExecutionException}).
   *
   * @param error what a future failed with
   * @return the failure inside
   */
  public static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /**
   * A failure in a few words for a log line or a message: its message, or its class name when it has none.
   *
   * @param error the failure (wrappers of futures are stripped)
   * @return the description
   */
  public static String describe(Throwable error) {
    Throwable cause = unwrap(error);
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
