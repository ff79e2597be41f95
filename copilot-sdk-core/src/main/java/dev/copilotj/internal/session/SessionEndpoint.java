package dev.copilotj.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotException;

/** What the registry routes to: the receiving side of one materialized session. */
public interface SessionEndpoint {

  /**
   * Takes one {@code session.event} payload. Called on the reader thread in wire order: enqueue, never block.
   *
   * @param event the {@code params.event} object
   */
  void deliver(JsonNode event);

  /**
   * The session is gone (client stopped, connection lost, create failed): fail waiters, tell listeners.
   * May be called on the reader thread or under the registry lock: enqueue, never block.
   *
   * @param cause why
   */
  void terminate(CopilotException cause);

  /**
   * The create that built this session failed: like {@link #terminate}, but listeners are told the create failed.
   * May be called under the registry lock: enqueue, never block.
   *
   * @param cause why
   */
  default void createFailed(CopilotException cause) {
    terminate(cause);
  }

  /**
   * Runs work for this session after everything already queued on its lane, on the callback executor (requests the
   * CLI sent about this session run here, in arrival order). Called on the reader thread: enqueue, never block.
   *
   * @param task the work
   * @throws UnsupportedOperationException by endpoints that own no lane (test and benchmark stand-ins)
   */
  default void runInOrder(Runnable task) {
    throw new UnsupportedOperationException("this endpoint runs no work of its own");
  }
}
