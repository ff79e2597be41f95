package dev.copilotj;

import org.jspecify.annotations.Nullable;

/** A request was made while the client is not {@link ClientState#CONNECTED}; the message says what to do. */
public class NotConnectedException extends CopilotException {

  private final ClientState state;

  /**
   * Creates the exception.
   *
   * @param state the client's state when the request was made
   * @param failure why the client failed, when it is {@link ClientState#FAILED}
   */
  public NotConnectedException(ClientState state, @Nullable Throwable failure) {
    super("The Copilot client is not connected (state " + state + "). Call start() and wait for it to complete"
        + " before sending requests." + (failure == null ? "" : " It failed: " + failure.getMessage()), failure);
    this.state = state;
  }

  /** @return the client's state when the request was made */
  public ClientState state() {
    return state;
  }
}
