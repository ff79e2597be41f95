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
   * Denies the request.
   *
   * @param reason why, for logs
   * @return the decision
   */
  public static PermissionDecision deny(String reason) {
    return new PermissionDecision(false, reason);
  }
}
