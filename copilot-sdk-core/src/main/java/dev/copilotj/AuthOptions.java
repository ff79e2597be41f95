package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * How a spawned CLI authenticates. The GitHub token reaches the CLI only through its environment
 * ({@value CopilotClientOptions#AUTH_TOKEN_ENV}), never its arguments, and {@link #toString()} masks it.
 *
 * @param githubToken a GitHub token with Copilot access, or null to rely on the signed-in user
 * @param useLoggedInUser whether the CLI may use the signed-in user's stored credentials; null means "only when no
 *     token is set"
 */
public record AuthOptions(@Nullable String githubToken, @Nullable Boolean useLoggedInUser) {

  /** No token; the signed-in user. */
  public static final AuthOptions DEFAULTS = new AuthOptions(null, null);

  /** Treats a blank token as none. */
  public AuthOptions {
    githubToken = githubToken == null || githubToken.isBlank() ? null : githubToken;
  }

  /** @return a copy with this token (null or blank: none) */
  public AuthOptions withGithubToken(@Nullable String token) {
    return new AuthOptions(token, useLoggedInUser);
  }

  /** @return a copy with this choice about the signed-in user's credentials */
  public AuthOptions withUseLoggedInUser(@Nullable Boolean use) {
    return new AuthOptions(githubToken, use);
  }

  @Override
  public String toString() {
    return "AuthOptions[githubToken=" + (githubToken == null ? null : "******") + ", useLoggedInUser="
        + useLoggedInUser + "]";
  }
}
