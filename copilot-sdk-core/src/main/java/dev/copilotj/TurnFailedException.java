package dev.copilotj;

import org.jspecify.annotations.Nullable;

/** A turn ended with a {@code session.error}: the model API failed, the CLI gave up, or the session was lost. */
public class TurnFailedException extends CopilotException {

  private final String sessionId;
  private final @Nullable String errorType;

  /**
   * Creates the exception.
   *
   * @param sessionId the session
   * @param errorType the error event's type, for example {@code model_call}
   * @param message the error event's message
   */
  public TurnFailedException(String sessionId, @Nullable String errorType, @Nullable String message) {
    super("The turn failed (" + errorType + "): " + message);
    this.sessionId = sessionId;
    this.errorType = errorType;
  }

  /** @return the session whose turn failed */
  public String sessionId() {
    return sessionId;
  }

  /** @return the error event's type */
  public @Nullable String errorType() {
    return errorType;
  }
}
