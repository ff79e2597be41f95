package dev.copilotj;

/** No Copilot CLI binary could be found to spawn; the message lists every place that was searched. */
public class CopilotCliNotFoundException extends CopilotException {

  /**
   * Creates the exception.
   *
   * @param message where the CLI was looked for and how to install it
   */
  public CopilotCliNotFoundException(String message) {
    super(message);
  }
}
