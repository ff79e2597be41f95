package dev.copilotj.event;

import java.util.Map;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * The session closed (for example on {@code session.destroy}), with its totals. Persisted. The payload is
 * large (per-model metrics, accounting); {@link #dataJson()} keeps it all.
 *
 * @param info the event's envelope
 * @param shutdownType {@code "routine"} or {@code "error"}; {@code null} if absent
 * @param currentModel the model in use at the end; {@code null} if absent
 * @param totalPremiumRequests the premium requests the session used; {@code 0} if absent
 * @param totalApiDurationMs the time spent in model calls in milliseconds; {@code 0} if absent
 * @param linesAdded lines the session added to files; {@code 0} if absent
 * @param linesRemoved lines the session removed from files; {@code 0} if absent
 * @param dataJson the event's whole {@code data} object as JSON text
 */
public record SessionShutdownEvent(
    EventInfo info,
    @Nullable String shutdownType,
    @Nullable String currentModel,
    double totalPremiumRequests,
    long totalApiDurationMs,
    long linesAdded,
    long linesRemoved,
    String dataJson)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.shutdown";

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Parses {@link #dataJson()} into a map, afresh on each call.
   *
   * @return the whole payload, or an empty map if it is not a JSON object
   */
  public Map<String, @Nullable Object> data() {
    return EventJson.parseObject(dataJson);
  }
}
