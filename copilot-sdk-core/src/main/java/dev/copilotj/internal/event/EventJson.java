package dev.copilotj.internal.event;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.internal.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * JSON conversions the event types share: sub-trees into text, and text into maps. Both use the SDK's one
 * mapper ({@link Json#MAPPER}), and neither throws: the event records call them from plain accessors.
 */
public final class EventJson {

  private static final ObjectMapper MAPPER = Json.MAPPER;

  private static final TypeReference<LinkedHashMap<String, @Nullable Object>> MAP_TYPE =
      new TypeReference<>() {};

  private EventJson() {}

  /**
   * Writes a JSON tree as compact JSON text.
   *
   * @param node the tree to write
   * @return its JSON text
   */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException | RuntimeException e) {
      // Writing an in-memory tree cannot really fail; JsonNode.toString() is JSON as well.
      return node.toString();
    }
  }

  /**
   * Parses JSON text that should hold an object into an unmodifiable map: nested objects become maps,
   * arrays lists, numbers {@code Integer}, {@code Long}, {@code BigInteger} or {@code Double}.
   *
   * @param json the JSON text, or {@code null}
   * @return the object's members in order, or an empty map if {@code json} is {@code null}, not valid
   *     JSON, or not an object
   */
  public static Map<String, @Nullable Object> parseObject(@Nullable String json) {
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      LinkedHashMap<String, @Nullable Object> map = MAPPER.readValue(json, MAP_TYPE);
      return map == null ? Map.of() : Collections.unmodifiableMap(map);
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }
}
