package dev.copilotj.event;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} object of a session event exactly as the CLI sent it, every field included, also those the
 * event's record does not model. Its JSON text is made on first use and kept: most events are never asked.
 */
public final class RawEventData {

  /** No data: {@code {}}. */
  public static final RawEventData EMPTY = of("{}");

  // the source and the function that writes it: two references rather than a capturing lambda, one object less
  // per event on the reader thread
  private final @Nullable Object source;
  private final Function<Object, String> writer;
  private volatile @Nullable String json;

  @SuppressWarnings("unchecked")
  private <T> RawEventData(@Nullable T source, Function<? super T, String> writer) {
    this.source = source;
    this.writer = (Function<Object, String>) writer;
  }

  /**
   * Data given as JSON text.
   *
   * @param json the {@code data} object as JSON text
   * @return the data
   */
  public static RawEventData of(String json) {
    Objects.requireNonNull(json, "json");
    RawEventData data = new RawEventData(json, String::valueOf);
    data.json = json;
    return data;
  }

  /**
   * Data whose JSON text is made when first asked for.
   *
   * @param json makes the {@code data} object's JSON text; called at most once (or more under a race, with the
   *     same result)
   * @return the data
   */
  public static RawEventData lazy(Supplier<String> json) {
    return new RawEventData(Objects.requireNonNull(json, "json"), Supplier::get);
  }

  /**
   * Data whose JSON text {@code writer} makes from {@code source} when first asked for.
   *
   * @param source what the text is made from
   * @param writer makes the JSON text; called at most once (or more under a race, with the same result)
   * @param <T> the source's type
   * @return the data
   */
  public static <T> RawEventData lazy(T source, Function<? super T, String> writer) {
    return new RawEventData(Objects.requireNonNull(source, "source"), Objects.requireNonNull(writer, "writer"));
  }

  /** @return the {@code data} object as compact JSON text; {@code "{}"} if the event had none */
  public String json() {
    String text = json;
    if (text == null) {
      text = writer.apply(source);
      json = text;
    }
    return text;
  }

  /**
   * Parses {@link #json()} into a map, afresh on each call.
   *
   * @return the fields in wire order, or an empty map if the data is not a JSON object
   */
  public Map<String, @Nullable Object> map() {
    return EventJson.parseObject(json());
  }

  /** @return the JSON text */
  @Override
  public String toString() {
    return json();
  }
}
