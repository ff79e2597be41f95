package dev.copilotj.internal.session;

import java.util.ArrayDeque;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Events for a session id that has no session object yet, bounded: at the limit the oldest is dropped
 * and counted. Not thread-safe; the registry guards it.
 */
final class EarlyEvents {

  private final ArrayDeque<JsonNode> events = new ArrayDeque<>();
  private final int limit;
  private final long firstArrivalNanos;
  private long dropped;

  EarlyEvents(int limit, long firstArrivalNanos) {
    this.limit = limit;
    this.firstArrivalNanos = firstArrivalNanos;
  }

  /** @return true when this add dropped the oldest event (the first drop is the one worth logging) */
  boolean add(JsonNode event) {
    boolean overflow = events.size() >= limit;
    if (overflow) {
      events.removeFirst();
      dropped++;
    }
    events.addLast(event);
    return overflow;
  }

  List<JsonNode> drain() {
    List<JsonNode> drained = List.copyOf(events);
    events.clear();
    return drained;
  }

  int size() {
    return events.size();
  }

  long dropped() {
    return dropped;
  }

  long firstArrivalNanos() {
    return firstArrivalNanos;
  }
}
