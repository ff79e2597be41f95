package dev.copilotj.tool;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.copilotj.internal.json.Json;

/**
 * One call of a client tool by the model.
 *
 * @param sessionId the session the call belongs to
 * @param toolCallId the model's id for the call
 * @param toolName the tool's name
 * @param argumentsJson the arguments as a JSON object text
 */
public record ToolInvocation(String sessionId, String toolCallId, String toolName, String argumentsJson) {

  /** @return the arguments as a map of maps, lists, strings, numbers and booleans */
  public Map<String, Object> arguments() {
    try {
      return Json.toMap(Json.MAPPER.readTree(argumentsJson));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The arguments of tool '" + toolName + "' are not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  /**
   * Binds the arguments to a type, for example a record whose components are the tool's parameters.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the bound arguments
   * @throws IllegalArgumentException when the arguments do not fit the type
   */
  public <T> T arguments(Class<T> type) {
    try {
      return Json.MAPPER.readValue(argumentsJson, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("The arguments of tool '" + toolName + "' do not fit "
          + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
