package dev.copilotj.event;

import java.util.Map;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * An event of a type this SDK does not model, kept with its raw data so a newer CLI never breaks a
 * caller. Most of these in practice are the CLI's ephemeral bookkeeping ({@code model.*},
 * {@code session.mcp_*}, {@code pending_messages.modified}, …).
 *
 * @param info the event's envelope
 * @param type the event's wire type; {@code ""} if the CLI sent none
 * @param dataJson the event's {@code data} as JSON text; {@code "{}"} if absent
 */
public record UnknownSessionEvent(EventInfo info, String type, String dataJson) implements SessionEvent {

  /**
   * Parses {@link #dataJson()} into a map, afresh on each call.
   *
   * @return the payload, or an empty map if it is not a JSON object
   */
  public Map<String, @Nullable Object> data() {
    return EventJson.parseObject(dataJson);
  }
}
