package dev.copilotj;

import java.time.Duration;

/**
 * How a client holds events for a session id that has no session object yet (a cloud session the server has not
 * confirmed, or events that arrive before a resume completes). At the size limit the oldest are dropped; after the
 * time to live they are dropped; each drop is logged with its count.
 *
 * @param size how many events are held per session id; at least 1
 * @param ttl how long they are held; positive
 */
public record EarlyEventBuffer(int size, Duration ttl) {

  /** 128 events for 30 seconds. */
  public static final EarlyEventBuffer DEFAULTS = new EarlyEventBuffer(128, Duration.ofSeconds(30));

  /** Checks the limits. */
  public EarlyEventBuffer {
    if (size < 1) {
      throw new IllegalArgumentException("earlyEventBufferSize must be at least 1, was " + size);
    }
    ClientTimeouts.requirePositive(ttl, "earlyEventTtl");
  }

  /** @return a copy with this size */
  public EarlyEventBuffer withSize(int events) {
    return new EarlyEventBuffer(events, ttl);
  }

  /** @return a copy with this time to live */
  public EarlyEventBuffer withTtl(Duration ttl) {
    return new EarlyEventBuffer(size, ttl);
  }
}
