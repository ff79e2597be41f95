package dev.copilotj.internal.json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.jspecify.annotations.Nullable;

/** The SDK's one Jackson mapper, and small helpers for reading optional fields from JSON trees. */
public final class Json {

  /**
   * Shared and thread-safe once configured; tolerant of fields a newer CLI adds.
   *
   * <p>Strings are not limited in length here: every message is already bounded by
   * {@code CopilotClientOptions.maxFrameBytes}, and Jackson's default of 20 000 000 characters would drop a
   * legitimate, well-framed message (a large file in a tool result) as "not valid JSON", leaving the call
   * it answered to wait for its timeout. The nesting-depth limit (1000) stays: it keeps a hostile document
   * from overflowing the reader thread's stack.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
  };

  static {
    warmUp();
  }

  private Json() {
  }

  /**
   * Reads a text field.
   *
   * @param node the object, possibly null
   * @param field the field name
   * @return the text, or null when absent, null or not textual
   */
  public static @Nullable String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  /**
   * Reads a text field with a default.
   *
   * @param node the object, possibly null
   * @param field the field name
   * @param fallback returned when the field is absent
   * @return the text or the fallback
   */
  public static String text(@Nullable JsonNode node, String field, String fallback) {
    String value = text(node, field);
    return value != null ? value : fallback;
  }

  /**
   * Reads an int field.
   *
   * @param node the object, possibly null
   * @param field the field name
   * @param fallback returned when the field is absent or not a number
   * @return the number or the fallback
   */
  public static int intValue(@Nullable JsonNode node, String field, int fallback) {
    if (node == null) {
      return fallback;
    }
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.intValue() : fallback;
  }

  /**
   * Reads a boolean field.
   *
   * @param node the object, possibly null
   * @param field the field name
   * @param fallback returned when the field is absent or not a boolean
   * @return the value or the fallback
   */
  public static boolean bool(@Nullable JsonNode node, String field, boolean fallback) {
    if (node == null) {
      return fallback;
    }
    JsonNode value = node.get(field);
    return value != null && value.isBoolean() ? value.booleanValue() : fallback;
  }

  /**
   * Reads an ISO-8601 instant field.
   *
   * @param node the object, possibly null
   * @param field the field name
   * @return the instant, or null when absent or unreadable
   */
  public static @Nullable Instant instant(@Nullable JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      return null;
    }
    try {
      return IsoInstant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Serializes a tree or value to compact JSON text.
   *
   * @param value what to write
   * @return the JSON text ("null" for null)
   */
  public static String write(@Nullable Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Runs each kind of conversion once, on the thread that first uses this class: in the client that is a platform
   * thread starting the connection, before any callback runs. The first conversion loads and initialises Jackson
   * classes ({@code TokenBuffer}, the untyped map and list deserializers, type bindings). Left to the first tool
   * calls on virtual threads, which come at once, that class loading pinned their carriers: a virtual thread that
   * waits for another thread's class initialisation, or for a class-loading lock below a native frame, cannot
   * unmount (JFR {@code jdk.VirtualThreadPinned}, seen on Java 25 by {@code VirtualThreadLoadIT}).
   */
  private static void warmUp() {
    try {
      JsonNode sample = MAPPER.readTree("{\"s\":\"x\",\"i\":1,\"l\":12345678901,\"big\":123456789012345678901234567890,"
          + "\"d\":1.5,\"b\":true,\"n\":null,\"a\":[1,\"x\",false,null,[2.5],{\"o\":{}}],\"o\":{\"k\":[]}}");
      write(toMap(sample));
    } catch (JsonProcessingException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Converts an object node to a plain map of maps, lists, strings, numbers and booleans.
   *
   * @param node the node; anything but an object gives an empty map
   * @return the map
   */
  public static Map<String, Object> toMap(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    return MAPPER.convertValue(node, MAP);
  }
}
