package dev.copilotj.tool;

/**
 * Decides the CLI's permission requests for a session. Called on the client's callback executor. An
 * exception (or a null decision) is logged with the session id and answered {@code user-not-available}: the
 * action does not run, the model is told that no one could approve it, and the turn goes on, so the agent can
 * tell the user. A {@link PermissionDecision#deny(String) deny} is answered {@code reject}, which the CLI takes as
 * the user's "no" and ends the turn.
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
   * @throws Exception any failure, answered as "no user available to approve"
   */
  PermissionDecision decide(PermissionRequest request) throws Exception;
}
