package dev.copilotj.event;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The envelope every session event carries, whatever its type.
 *
 * @param sessionId the session the event belongs to
 * @param id the event's unique id; {@code ""} if the CLI sent none
 * @param parentId the id of the event before it in the session's chain; {@code null} for the first
 * @param timestamp when the CLI created the event; {@link Instant#EPOCH} if it sent no readable time
 * @param ephemeral whether the event is live-only and not persisted in the session's history
 */
public record EventInfo(
    String sessionId, String id, @Nullable String parentId, Instant timestamp, boolean ephemeral) {

  /**
   * Creates the envelope.
   *
   * @param sessionId the session the event belongs to
   * @param id the event's unique id
   * @param parentId the id of the event before it, or {@code null}
   * @param timestamp when the CLI created the event
   * @param ephemeral whether the event is live-only
   * @throws NullPointerException if {@code sessionId}, {@code id} or {@code timestamp} is null
   */
  public EventInfo {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
