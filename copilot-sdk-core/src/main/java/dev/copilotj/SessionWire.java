package dev.copilotj;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.internal.json.Json;
import dev.copilotj.tool.ToolDefinition;

/**
 * The wire shapes of session requests and results, in one place.
 *
 * <p><b>Cloud creates.</b> The runtime rejects a {@code sessionId} on a cloud create ("Cannot specify
 * sessionId when creating a remote session in the cloud"), so the client's provisional id travels as
 * {@value #PROVISIONAL_ID_FIELD} instead; the server echoes it as {@code clientSessionId} in the
 * {@code session.created} lifecycle notification. Should the wire change, this is the only place to edit.
 */
final class SessionWire {

  /** The create param that carries a cloud create's provisional id. */
  static final String PROVISIONAL_ID_FIELD = "clientSessionId";

  private SessionWire() {
  }

  /** Params of a local {@code session.create} or {@code session.resume}. */
  static Map<String, Object> createParams(SessionConfig config, String sessionId) {
    Map<String, Object> params = commonParams(config);
    params.put("sessionId", sessionId);
    return params;
  }

  /** Params of a cloud {@code session.create}: no {@code sessionId}, the provisional id in its own field. */
  static Map<String, Object> cloudCreateParams(SessionConfig config, String provisionalId) {
    Map<String, Object> params = commonParams(config);
    params.put(PROVISIONAL_ID_FIELD, provisionalId);
    CloudOptions cloud = config.cloud();
    Map<String, Object> cloudParams = new LinkedHashMap<>();
    if (cloud != null && cloud.repositoryOwner() != null && cloud.repositoryName() != null) {
      Map<String, Object> repository = new LinkedHashMap<>();
      repository.put("owner", cloud.repositoryOwner());
      repository.put("name", cloud.repositoryName());
      if (cloud.branch() != null) {
        repository.put("branch", cloud.branch());
      }
      cloudParams.put("repository", repository);
    }
    params.put("cloud", cloudParams);
    return params;
  }

  private static Map<String, Object> commonParams(SessionConfig config) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (config.model() != null) {
      params.put("model", config.model());
    }
    // always ask: the session's permission handler (by default: own tools only) decides
    params.put("requestPermission", true);
    params.put("envValueMode", "direct");
    params.put("streaming", config.streaming());
    if (config.workingDirectory() != null) {
      params.put("workingDirectory", config.workingDirectory().toString());
    }
    if (config.clientName() != null) {
      params.put("clientName", config.clientName());
    }
    if (config.systemMessage() != null) {
      params.put("systemMessage", Map.of("mode", config.systemMessageMode().name().toLowerCase(Locale.ROOT),
          "content", config.systemMessage()));
    }
    if (!config.tools().isEmpty()) {
      List<Map<String, Object>> tools = new ArrayList<>();
      for (ToolDefinition tool : config.tools()) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", tool.name());
        wire.put("description", tool.description());
        wire.put("parameters", parse(tool.parametersSchema()));
        if (tool.overridesBuiltInTool()) {
          wire.put("overridesBuiltInTool", true);
        }
        if (tool.skipPermission()) {
          wire.put("skipPermission", true);
        }
        tools.add(wire);
      }
      params.put("tools", tools);
    }
    if (config.availableTools() != null) {
      params.put("availableTools", config.availableTools());
    }
    if (!config.excludedTools().isEmpty()) {
      params.put("excludedTools", config.excludedTools());
    }
    return params;
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("validated at build time", e);
    }
  }
}
