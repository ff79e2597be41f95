package dev.copilotj;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A session was created, updated or deleted on the CLI: the {@code session.lifecycle} notification.
 * Duplicates the CLI sends of {@code session.created} and {@code session.deleted} are removed. One type is the
 * client's own: {@link #CREATE_FAILED} ends a failed cloud create's {@code session.created}.
 *
 * @param type the notification type, such as {@link #CREATED}
 * @param sessionId the session's id (for a cloud session, the one the server assigned)
 * @param clientSessionId for a cloud session, the provisional id the client made for its create; null
 *     for local sessions
 * @param startTime when the session started, when the notification says
 * @param modifiedTime when it last changed, when the notification says
 */
public record SessionLifecycleEvent(String type, String sessionId, @Nullable String clientSessionId,
    @Nullable Instant startTime, @Nullable Instant modifiedTime) {

  /** A session was created. */
  public static final String CREATED = "session.created";
  /** A session changed (several times a turn). */
  public static final String UPDATED = "session.updated";
  /** A session was deleted. */
  public static final String DELETED = "session.deleted";
  /**
   * Synthetic, from the client: the cloud create that the {@link #CREATED} event of this session and
   * {@link #clientSessionId()} announced failed, so the caller never got the session. Follows every such
   * {@code CREATED} a listener heard, whether it came before or after the failure.
   */
  @Experimental
  public static final String CREATE_FAILED = "client.createFailed";
}
