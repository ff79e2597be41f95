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
 * @param rawData the event's whole {@code data} object as the CLI sent it, unknown fields included; not part of
 *     {@code equals}, {@code hashCode} or {@code toString}, which stay those of the envelope
 */
public record EventInfo(
    String sessionId, String id, @Nullable String parentId, Instant timestamp, boolean ephemeral,
    RawEventData rawData) {

  /**
   * Creates the envelope.
   *
   * @param sessionId the session the event belongs to
   * @param id the event's unique id
   * @param parentId the id of the event before it, or {@code null}
   * @param timestamp when the CLI created the event
   * @param ephemeral whether the event is live-only
   * @param rawData the event's {@code data} as sent
   * @throws NullPointerException if {@code sessionId}, {@code id}, {@code timestamp} or {@code rawData} is null
   */
  public EventInfo {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(rawData, "rawData");
  }

  /**
   * Creates an envelope with no raw data ({@link RawEventData#EMPTY}), for events made by hand.
   *
   * @param sessionId the session the event belongs to
   * @param id the event's unique id
   * @param parentId the id of the event before it, or {@code null}
   * @param timestamp when the CLI created the event
   * @param ephemeral whether the event is live-only
   */
  public EventInfo(String sessionId, String id, @Nullable String parentId, Instant timestamp, boolean ephemeral) {
    this(sessionId, id, parentId, timestamp, ephemeral, RawEventData.EMPTY);
  }

  /** Equal when the envelope's fields are: the raw data is a view of the payload, compared by the records. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof EventInfo that && ephemeral == that.ephemeral && sessionId.equals(that.sessionId)
        && id.equals(that.id) && Objects.equals(parentId, that.parentId) && timestamp.equals(that.timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, id, parentId, timestamp, ephemeral);
  }

  @Override
  public String toString() {
    return "EventInfo[sessionId=" + sessionId + ", id=" + id + ", parentId=" + parentId + ", timestamp=" + timestamp
        + ", ephemeral=" + ephemeral + "]";
  }
}
