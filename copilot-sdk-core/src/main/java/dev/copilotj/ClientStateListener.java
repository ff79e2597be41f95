package dev.copilotj;

/**
 * Hears a {@link CopilotClient}'s state changes, in order, on the client's callback executor.
 */
@FunctionalInterface
public interface ClientStateListener {

  /**
   * Called after the state changed.
   *
   * @param change the transition
   */
  void onStateChanged(ClientStateChange change);
}
