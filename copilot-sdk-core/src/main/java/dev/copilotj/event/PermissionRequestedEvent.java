package dev.copilotj.event;

import java.util.Map;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * The CLI asks whether a tool may run. In protocol v3 this is a broadcast event, not a request: a client
 * answers it with {@code session.permissions.handlePendingPermissionRequest} and the
 * {@link #requestId()}. Persisted.
 *
 * @param info the event's envelope
 * @param requestId the id to answer with
 * @param kind what is asked for: {@code "custom-tool"} for a client tool, or {@code "shell"},
 *     {@code "write"}, {@code "read"}, {@code "url"}, {@code "mcp"}, … for built-ins
 * @param toolCallId the tool call the request is for; {@code null} if absent
 * @param toolName the tool's name; {@code null} if absent (some kinds name no tool)
 * @param toolDescription the tool's description; {@code null} if absent
 * @param argsJson the tool call's arguments as JSON text; {@code null} if absent
 * @param permissionMode the session's permission mode, such as {@code "manual"}; {@code null} if absent
 * @param permissionRequestJson the whole {@code permissionRequest} object as JSON text, with the
 *     kind-specific fields (command text, path, URL, …); {@code "{}"} if absent
 */
public record PermissionRequestedEvent(
    EventInfo info,
    String requestId,
    String kind,
    @Nullable String toolCallId,
    @Nullable String toolName,
    @Nullable String toolDescription,
    @Nullable String argsJson,
    @Nullable String permissionMode,
    String permissionRequestJson)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "permission.requested";

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Parses {@link #argsJson()} into a map, afresh on each call.
   *
   * @return the arguments, or an empty map if they are absent or not a JSON object
   */
  public Map<String, @Nullable Object> args() {
    return EventJson.parseObject(argsJson);
  }

  /**
   * Parses {@link #permissionRequestJson()} into a map, afresh on each call.
   *
   * @return the whole permission request, or an empty map if it is not a JSON object
   */
  public Map<String, @Nullable Object> permissionRequest() {
    return EventJson.parseObject(permissionRequestJson);
  }
}
