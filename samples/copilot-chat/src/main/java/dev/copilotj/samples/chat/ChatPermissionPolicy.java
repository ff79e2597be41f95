package dev.copilotj.samples.chat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.copilotj.tool.PermissionDecision;
import dev.copilotj.tool.PermissionHandler;
import dev.copilotj.tool.PermissionRequest;
import dev.copilotj.tool.ToolDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The sample's permission policy: the agent may run this application's own tools (the {@link ToolDefinition}
 * beans) and nothing else: no shell commands, file writes, URL fetches or MCP tools. Denials are logged.
 *
 * <p>Being the only {@link PermissionHandler} bean, the auto-configuration makes it the handler of every session
 * created with the client's defaults.
 */
@Component
public class ChatPermissionPolicy implements PermissionHandler {

  private static final Logger log = LoggerFactory.getLogger(ChatPermissionPolicy.class);

  private final ObjectProvider<ToolDefinition> tools;

  /**
   * Creates the policy.
   *
   * @param tools the application's tools, read when a request arrives
   */
  public ChatPermissionPolicy(ObjectProvider<ToolDefinition> tools) {
    this.tools = tools;
  }

  @Override
  public PermissionDecision decide(PermissionRequest request) {
    Set<String> ownTools = tools.orderedStream().map(ToolDefinition::name).collect(Collectors.toSet());
    if (PermissionRequest.KIND_CUSTOM_TOOL.equals(request.kind()) && request.registeredTool()
        && request.toolName() != null && ownTools.contains(request.toolName())) {
      return PermissionDecision.approve();
    }
    String what = request.toolName() != null ? request.kind() + " (" + request.toolName() + ")" : request.kind();
    // for the CLI's own tools the details (the command, the path, the URL) are in the request, not the arguments
    String details = "{}".equals(request.argumentsJson()) ? request.requestJson() : request.argumentsJson();
    String arguments = details.length() > 200 ? details.substring(0, 197) + "..." : details;
    log.warn("Denied a {} request of session {} with {}: only this application's tools {} may run", what,
        request.sessionId(), arguments, List.copyOf(ownTools));
    return PermissionDecision.deny("only the application's own tools may run");
  }
}
