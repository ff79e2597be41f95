package dev.copilotj.tool;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link PermissionRequest}.
 *
 * @param approved whether the action may go ahead
 * @param reason why it was denied, for logs; the CLI is told only that the user rejected it, and ends the turn
 */
public record PermissionDecision(boolean approved, @Nullable String reason) {

  private static final PermissionDecision APPROVE = new PermissionDecision(true, null);

  /** @return approve this one request */
  public static PermissionDecision approve() {
    return APPROVE;
  }

  /**
   * Denies the request. The tool does not run, and the model is told the user rejected it, with this reason.
   *
   * @param reason why, written for the model: the CLI passes it on as the user's feedback; blank for none
   * @return the decision
   */
  public static PermissionDecision deny(String reason) {
    return new PermissionDecision(false, reason);
  }
}
