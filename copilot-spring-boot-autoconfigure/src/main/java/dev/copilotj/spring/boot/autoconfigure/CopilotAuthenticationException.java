package dev.copilotj.spring.boot.autoconfigure;

import dev.copilotj.CopilotException;

/** The Copilot CLI started, but has no GitHub identity to call Copilot with. */
public class CopilotAuthenticationException extends CopilotException {

  /**
   * Creates the exception.
   *
   * @param message what the CLI reported
   */
  public CopilotAuthenticationException(String message) {
    super(message);
  }
}
