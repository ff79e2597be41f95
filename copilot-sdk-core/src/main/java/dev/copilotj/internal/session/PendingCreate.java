package dev.copilotj.internal.session;

import java.util.ArrayList;
import java.util.List;
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
  private final List<String> announced = new ArrayList<>(1);

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

  /** Lifecycle listeners were told {@code session.created} for this id of the create. */
  void announced(String sessionId) {
    if (!announced.contains(sessionId)) {
      announced.add(sessionId);
    }
  }

  /** @return the session ids listeners heard {@code session.created} for, in order */
  List<String> announcedIds() {
    return announced;
  }

  SessionEndpoint build(String sessionId) {
    materializedId = sessionId;
    return factory.apply(sessionId);
  }
}
