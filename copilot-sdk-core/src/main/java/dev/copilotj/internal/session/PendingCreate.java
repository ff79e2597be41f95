package dev.copilotj.internal.session;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A cloud create in flight: the factory that builds the session once the server names its id.
 * The registry guards the mutable state.
 */
public final class PendingCreate {

  private final String provisionalId;
  private final Function<String, SessionEndpoint> factory;
  private @Nullable String materializedId;

  /**
   * Creates the entry.
   *
   * @param provisionalId the client's provisional id for this create
   * @param factory builds the session under the server's id; called at most once
   */
  public PendingCreate(String provisionalId, Function<String, SessionEndpoint> factory) {
    this.provisionalId = provisionalId;
    this.factory = factory;
  }

  /** @return the client's provisional id */
  public String provisionalId() {
    return provisionalId;
  }

  @Nullable String materializedId() {
    return materializedId;
  }

  SessionEndpoint build(String sessionId) {
    materializedId = sessionId;
    return factory.apply(sessionId);
  }
}
