package dev.copilotj;

/** Hears session lifecycle notifications, in wire order, on the client's callback executor. */
@FunctionalInterface
public interface SessionLifecycleListener {

  /**
   * Called for each lifecycle notification (duplicates removed).
   *
   * @param event what happened
   */
  void onLifecycle(SessionLifecycleEvent event);
}
