package dev.copilotj.tool;

import org.jspecify.annotations.Nullable;

/**
 * The CLI asks whether the agent may do something: run a client tool, run a shell command, write a
 * file, fetch a URL, and so on.
 *
 * @param sessionId the session asking
 * @param requestId the CLI's id for this request
 * @param kind what is asked, as the CLI names it: {@code custom-tool} for a client tool, and for the
 *     CLI's own tools kinds such as {@code shell}, {@code write}, {@code read}, {@code url} or {@code mcp}
 * @param toolName the tool, when the request is about one
 * @param toolCallId the model's tool call id, when there is one
 * @param argumentsJson the tool's arguments as JSON text, or {@code "{}"}
 * @param registeredTool true when this is a {@code custom-tool} request for a tool registered on this
 *     session, the one case the default policy approves
 * @param requestJson the whole permission request as the CLI sent it, for kinds this type does not model
 */
public record PermissionRequest(String sessionId, String requestId, String kind, @Nullable String toolName,
    @Nullable String toolCallId, String argumentsJson, boolean registeredTool, String requestJson) {

  /** The kind of a request to run a client tool. */
  public static final String KIND_CUSTOM_TOOL = "custom-tool";
}
