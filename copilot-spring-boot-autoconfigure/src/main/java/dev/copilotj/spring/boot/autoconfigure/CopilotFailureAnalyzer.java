package dev.copilotj.spring.boot.autoconfigure;

import dev.copilotj.CopilotAuthenticationException;
import dev.copilotj.CopilotCliNotFoundException;
import dev.copilotj.CopilotClient;
import dev.copilotj.ProtocolVersionMismatchException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a failed application startup caused by the Copilot client, wherever the cause sits in the exception
 * chain: a CLI that cannot be found ({@link CopilotCliNotFoundException}), a CLI that speaks another protocol
 * version ({@link ProtocolVersionMismatchException}), or a CLI that is not signed in
 * ({@link CopilotAuthenticationException}). The action names the property or environment variable to set.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class CopilotFailureAnalyzer implements FailureAnalyzer {

  private static final String INSTALL = "npm install -g @github/copilot@" + CopilotClient.TESTED_CLI_VERSION;

  private static final String WITHOUT_COPILOT = " To start the application without a connected Copilot client, set"
      + " copilot.lifecycle.fail-fast=false (the failure is then logged and reported by the health indicator) or"
      + " copilot.enabled=false.";

  @Override
  public @Nullable FailureAnalysis analyze(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof CopilotCliNotFoundException notFound) {
        return cliNotFound(notFound);
      }
      if (cause instanceof ProtocolVersionMismatchException mismatch) {
        return protocolMismatch(mismatch);
      }
      if (cause instanceof CopilotAuthenticationException notAuthenticated) {
        return notAuthenticated(notAuthenticated);
      }
    }
    return null;
  }

  private static @Nullable Throwable next(Throwable cause) {
    Throwable next = cause.getCause();
    return next == cause ? null : next;
  }

  private static FailureAnalysis cliNotFound(CopilotCliNotFoundException ex) {
    return new FailureAnalysis("The Copilot client could not start the Copilot CLI: " + ex.getMessage(),
        "Install the Copilot CLI version this SDK is tested with (" + INSTALL + ") so that 'copilot' is on the"
            + " PATH, or set the property copilot.cli.path (environment variable COPILOT_CLI_PATH) to the native"
            + " CLI binary. To use a CLI server that is already running instead, set copilot.server.address."
            + WITHOUT_COPILOT,
        ex);
  }

  private static FailureAnalysis protocolMismatch(ProtocolVersionMismatchException ex) {
    return new FailureAnalysis("The Copilot CLI is incompatible with this SDK: " + ex.getMessage(),
        "Install Copilot CLI " + CopilotClient.TESTED_CLI_VERSION + ", the version this SDK is tested with ("
            + INSTALL + "), and point the property copilot.cli.path (environment variable COPILOT_CLI_PATH) at it"
            + " if another CLI comes first on the PATH; or use a release of the SDK made for the installed CLI."
            + WITHOUT_COPILOT,
        ex);
  }

  private static FailureAnalysis notAuthenticated(CopilotAuthenticationException ex) {
    return new FailureAnalysis("The Copilot CLI started but has no GitHub identity to call Copilot with: "
        + ex.getMessage(),
        "Set the property copilot.auth.github-token (environment variable COPILOT_AUTH_GITHUBTOKEN) to a GitHub token with"
            + " Copilot access, or sign in once on this machine with 'copilot login'. To start the application"
            + " anyway (requests then fail until the CLI is signed in), set copilot.auth.required=false.",
        ex);
  }
}
