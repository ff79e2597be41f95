package dev.copilotj;

import java.time.Duration;

/** A JSON-RPC request got no response within its timeout. The connection stays open. */
public class RequestTimeoutException extends CopilotException {

  private final String method;
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param method the JSON-RPC method that timed out
   * @param timeout how long it waited
   */
  public RequestTimeoutException(String method, Duration timeout) {
    super("The Copilot CLI did not answer '" + method + "' within " + timeout.toMillis()
        + " ms. The CLI may be overloaded or hung; raise CopilotClientOptions.requestTimeout if the"
        + " call is expected to take this long.");
    this.method = method;
    this.timeout = timeout;
  }

  /** @return the JSON-RPC method that timed out */
  public String method() {
    return method;
  }

  /** @return how long the request waited */
  public Duration timeout() {
    return timeout;
  }
}
