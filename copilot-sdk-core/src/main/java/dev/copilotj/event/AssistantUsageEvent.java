package dev.copilotj.event;

import java.util.Map;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * Token use and timing of one model call, sent after each call, streamed or not. Ephemeral. The payload
 * has many more fields (quota, request sizes, tool counts); {@link #dataJson()} keeps them all.
 *
 * @param info the event's envelope
 * @param model the model that was called
 * @param inputTokens prompt tokens; {@code 0} if absent
 * @param outputTokens completion tokens; {@code 0} if absent
 * @param cacheReadTokens prompt tokens served from the cache; {@code 0} if absent
 * @param cacheWriteTokens prompt tokens written to the cache; {@code 0} if absent
 * @param cost the premium-request cost of the call, a multiplier rather than money; {@code 0} if absent
 * @param durationMs how long the call took in milliseconds (wire field {@code duration}); {@code 0} if
 *     absent
 * @param timeToFirstTokenMs time to the first streamed token; {@code null} when the call did not stream
 * @param initiator who started the call: {@code "user"} for a prompt, {@code "agent"} for a follow-up
 *     after tools; {@code null} if absent
 * @param finishReason why the model stopped ({@code "stop"}, {@code "tool_calls"}, …); {@code null} if absent
 * @param apiCallId the provider's id of the call; {@code null} if absent
 * @param dataJson the event's whole {@code data} object as JSON text
 */
public record AssistantUsageEvent(
    EventInfo info,
    String model,
    long inputTokens,
    long outputTokens,
    long cacheReadTokens,
    long cacheWriteTokens,
    double cost,
    long durationMs,
    @Nullable Double timeToFirstTokenMs,
    @Nullable String initiator,
    @Nullable String finishReason,
    @Nullable String apiCallId,
    String dataJson)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.usage";

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
