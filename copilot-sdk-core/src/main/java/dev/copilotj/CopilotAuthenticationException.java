package dev.copilotj;

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

  /**
   * Fails unless the CLI is signed in.
   *
   * @param status the CLI's {@link CopilotClient#authStatus()}
   * @return the status, when it is authenticated
   * @throws CopilotAuthenticationException when it is not
   */
  public static AuthStatus requireAuthenticated(AuthStatus status) {
    if (!status.authenticated()) {
      throw new CopilotAuthenticationException("The Copilot CLI is not authenticated (" + status.statusMessage()
          + "). Give it a GitHub token with Copilot access (CopilotClientOptions.githubToken, or the"
          + " COPILOT_GITHUB_TOKEN environment variable).");
    }
    return status;
  }
}
