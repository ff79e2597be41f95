package dev.copilotj.tool;

/**
 * Ready-made {@link PermissionHandler}s.
 *
 * <p>The default for every session is {@link #registeredToolsOnly()}: the session's own client tools may
 * run, and everything else the agent could do on this machine (shell commands, file writes, URL
 * fetches, MCP tools) is denied. Widen it deliberately, with a handler of your own or {@link #approveAll()}.
 */
public final class PermissionPolicies {

  private static final PermissionHandler REGISTERED_TOOLS_ONLY = request -> request.registeredTool()
      ? PermissionDecision.approve()
      : PermissionDecision.deny("'" + request.kind() + "' is not one of this session's registered tools");

  private static final PermissionHandler APPROVE_ALL = request -> PermissionDecision.approve();

  private static final PermissionHandler DENY_ALL = request -> PermissionDecision.deny("every request is denied");

  private PermissionPolicies() {
  }

  /** @return approves the session's registered client tools; denies everything else (the default) */
  public static PermissionHandler registeredToolsOnly() {
    return REGISTERED_TOOLS_ONLY;
  }

  /** @return approves everything, shell commands and file writes included; for trusted sandboxes only */
  public static PermissionHandler approveAll() {
    return APPROVE_ALL;
  }

  /** @return denies everything, the session's own tools included */
  public static PermissionHandler denyAll() {
    return DENY_ALL;
  }
}
