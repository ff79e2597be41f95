package dev.copilotj.tool;

/**
 * Decides the CLI's permission requests for a session. Called on the client's callback executor; an
 * exception denies the request.
 *
 * @see PermissionPolicies
 */
@FunctionalInterface
public interface PermissionHandler {

  /**
   * Decides one request.
   *
   * @param request what the agent wants to do
   * @return the decision
   * @throws Exception any failure, which denies the request
   */
  PermissionDecision decide(PermissionRequest request) throws Exception;
}
