package dev.copilotj.spring.boot.event;

import java.util.Objects;

import dev.copilotj.ClientState;
import dev.copilotj.ClientStateChange;
import dev.copilotj.CopilotClient;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CopilotClient}'s state changed, for example to {@link ClientState#CONNECTED} once the CLI answered
 * the handshake, or to {@link ClientState#FAILED} when the CLI died. State changes are published in the order they
 * happened.
 */
public class CopilotClientStateChangedEvent extends CopilotEvent {

  private final ClientState previous;
  private final ClientState current;
  private final @Nullable Throwable cause;

  /**
   * Creates the event.
   *
   * @param client the client whose state changed
   * @param change the transition
   */
  public CopilotClientStateChangedEvent(CopilotClient client, ClientStateChange change) {
    super(client);
    this.previous = Objects.requireNonNull(change.previous(), "previous");
    this.current = Objects.requireNonNull(change.current(), "current");
    this.cause = change.cause();
  }

  /**
   * Returns the state before the change.
   *
   * @return the previous state
   */
  public ClientState previous() {
    return this.previous;
  }

  /**
   * Returns the state after the change. It may already have changed again when a listener runs; read
   * {@link CopilotClient#state()} for the state now.
   *
   * @return the new state
   */
  public ClientState current() {
    return this.current;
  }

  /**
   * Returns the failure that moved the client to {@link ClientState#FAILED}.
   *
   * @return the cause; null for every other transition
   */
  public @Nullable Throwable cause() {
    return this.cause;
  }

  @Override
  public String toString() {
    return "CopilotClientStateChangedEvent[" + this.previous + " -> " + this.current
        + (this.cause != null ? ", cause=" + this.cause : "") + "]";
  }
}
