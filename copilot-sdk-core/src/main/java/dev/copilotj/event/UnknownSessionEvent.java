package dev.copilotj.event;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * An event of a type this SDK does not model, kept with its raw data so a newer CLI never breaks a
 * caller. Most of these in practice are the CLI's ephemeral bookkeeping ({@code model.*},
 * {@code session.mcp_*}, {@code pending_messages.modified}, …).
 *
 * <p>The data's JSON text is made on first use: most of these events are never looked at, and some (a
 * {@code model.messages_snapshot}) are tens of kilobytes.
 */
public final class UnknownSessionEvent implements SessionEvent {

  private final EventInfo info;
  private final String type;
  private final @Nullable Supplier<String> dataSource;
  private final @Nullable RawEventData raw;
  private volatile @Nullable String dataJson;

  /**
   * Creates the event.
   *
   * @param info the event's envelope
   * @param type the event's wire type; {@code ""} if the CLI sent none
   * @param dataJson the event's {@code data} as JSON text; {@code "{}"} if absent
   */
  public UnknownSessionEvent(EventInfo info, String type, String dataJson) {
    this(info, type, () -> dataJson);
    Objects.requireNonNull(dataJson, "dataJson");
  }

  /**
   * Creates the event with the data its envelope carries ({@link EventInfo#rawData()}), written as JSON text only
   * when asked for.
   *
   * @param info the event's envelope
   * @param type the event's wire type; {@code ""} if the CLI sent none
   */
  public UnknownSessionEvent(EventInfo info, String type) {
    this(info, type, info.rawData());
  }

  private UnknownSessionEvent(EventInfo info, String type, RawEventData raw) {
    this.info = Objects.requireNonNull(info, "info");
    this.type = Objects.requireNonNull(type, "type");
    this.dataSource = null;
    this.raw = raw;
  }

  /**
   * Creates the event with data that is written as JSON text only when asked for.
   *
   * @param info the event's envelope
   * @param type the event's wire type; {@code ""} if the CLI sent none
   * @param dataJson makes the event's {@code data} as JSON text; called at most once
   */
  public UnknownSessionEvent(EventInfo info, String type, Supplier<String> dataJson) {
    this.info = Objects.requireNonNull(info, "info");
    this.type = Objects.requireNonNull(type, "type");
    this.dataSource = Objects.requireNonNull(dataJson, "dataJson");
    this.raw = null;
  }

  @Override
  public EventInfo info() {
    return info;
  }

  @Override
  public String type() {
    return type;
  }

  /** @return the event's {@code data} as JSON text; {@code "{}"} if absent */
  public String dataJson() {
    if (raw != null) {
      return raw.json();
    }
    String json = dataJson;
    Supplier<String> source = dataSource;
    if (json == null && source != null) {
      json = source.get();
      dataJson = json;
    }
    return json != null ? json : "{}";
  }

  /**
   * Parses {@link #dataJson()} into a map, afresh on each call.
   *
   * @return the payload, or an empty map if it is not a JSON object
   */
  public Map<String, @Nullable Object> data() {
    return EventJson.parseObject(dataJson());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnknownSessionEvent event && info.equals(event.info) && type.equals(event.type)
        && dataJson().equals(event.dataJson());
  }

  @Override
  public int hashCode() {
    return Objects.hash(info, type, dataJson());
  }

  @Override
  public String toString() {
    return "UnknownSessionEvent[info=" + info + ", type=" + type + ", dataJson=" + dataJson() + "]";
  }
}
