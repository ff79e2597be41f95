package dev.copilotj.internal.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotException;
import dev.copilotj.internal.json.Json;
import dev.copilotj.request.ServerRequest;
import org.jspecify.annotations.Nullable;

/** A {@link ServerRequest} over the decoded params of the frame. */
final class WireServerRequest implements ServerRequest {

  private final String method;
  private final @Nullable String sessionId;
  private final JsonNode params;

  WireServerRequest(String method, JsonNode params) {
    this.method = method;
    this.params = params;
    JsonNode id = params.get("sessionId");
    this.sessionId = id != null && id.isTextual() ? id.textValue() : null;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public @Nullable String sessionId() {
    return sessionId;
  }

  @Override
  public String paramsJson() {
    return params.toString();
  }

  @Override
  public <T> T params(Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(params, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new CopilotException("The params of " + method + " do not fit " + type.getName() + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ServerRequest{" + method + (sessionId == null ? "" : ", session " + sessionId) + "}";
  }
}
