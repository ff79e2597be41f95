package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * Makes a session a cloud session, run by Copilot's cloud agent on a repository. The server assigns a
 * cloud session's id; see {@link CopilotClient#createSession(SessionConfig)}.
 *
 * @param repositoryOwner the repository's owner, or null to let the server choose
 * @param repositoryName the repository's name, or null
 * @param branch the branch, or null for the default branch
 */
@Experimental
public record CloudOptions(@Nullable String repositoryOwner, @Nullable String repositoryName,
    @Nullable String branch) {

  /** @return a cloud session with no repository named */
  public static CloudOptions defaults() {
    return new CloudOptions(null, null, null);
  }

  /**
   * A cloud session on a repository.
   *
   * @param owner the repository's owner
   * @param name the repository's name
   * @param branch the branch, or null for the default branch
   * @return the options
   */
  public static CloudOptions repository(String owner, String name, @Nullable String branch) {
    return new CloudOptions(owner, name, branch);
  }
}
