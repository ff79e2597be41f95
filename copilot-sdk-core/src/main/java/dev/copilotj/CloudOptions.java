package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * Makes a session a cloud session, run by Copilot's cloud agent on a repository. The server assigns a
 * cloud session's id; see {@link CopilotClient#createSession(SessionConfig)}.
 *
 * <p>The client correlates its create with the server's session through a provisional id, sent as
 * {@code clientSessionId} and echoed in the {@code session.created} lifecycle notification
 * ({@link SessionLifecycleEvent#clientSessionId()}) and by {@link CopilotSession#clientSessionId()}. The client makes a
 * random UUID unless the caller chooses one with {@link #withClientSessionId}, to find the create in its own logs,
 * lifecycle listeners or {@link CopilotClient#sessionRegistryStats()} before the future completes.
 *
 * @param repositoryOwner the repository's owner, or null to let the server choose
 * @param repositoryName the repository's name, or null
 * @param branch the branch, or null for the default branch
 * @param clientSessionId the provisional id of the create, or null for a random UUID; two creates in flight in one
 *     client cannot share it
 */
@Experimental
public record CloudOptions(@Nullable String repositoryOwner, @Nullable String repositoryName,
    @Nullable String branch, @Nullable String clientSessionId) {

  /**
   * Validates the options.
   *
   * @param repositoryOwner the repository's owner, or null
   * @param repositoryName the repository's name, or null
   * @param branch the branch, or null
   * @param clientSessionId the provisional id, or null
   */
  public CloudOptions {
    if (clientSessionId != null && clientSessionId.isBlank()) {
      throw new IllegalArgumentException("CloudOptions.clientSessionId is blank; pass a non-blank id, or null to let"
          + " the client make a random one.");
    }
  }

  /**
   * Cloud options with a provisional id the client makes.
   *
   * @param repositoryOwner the repository's owner, or null to let the server choose
   * @param repositoryName the repository's name, or null
   * @param branch the branch, or null for the default branch
   */
  public CloudOptions(@Nullable String repositoryOwner, @Nullable String repositoryName, @Nullable String branch) {
    this(repositoryOwner, repositoryName, branch, null);
  }

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

  /**
   * These options with the create's provisional id chosen by the caller.
   *
   * @param id the provisional id, unique among this client's creates in flight; null for a random UUID
   * @return the options
   */
  public CloudOptions withClientSessionId(@Nullable String id) {
    return new CloudOptions(repositoryOwner, repositoryName, branch, id);
  }
}
