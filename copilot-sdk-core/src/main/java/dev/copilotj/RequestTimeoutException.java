package dev.copilotj;

import java.time.Duration;

/** A JSON-RPC request got no response within its timeout. The connection stays open. */
public class RequestTimeoutException extends CopilotTimeoutException {

  private final String method;

  /**
   * Creates the exception.
   *
   * @param method the JSON-RPC method that timed out
   * @param timeout how long it waited
   */
  public RequestTimeoutException(String method, Duration timeout) {
    super(timeout, "The Copilot CLI did not answer '" + method + "' within " + timeout.toMillis()
        + " ms. The CLI may be overloaded or hung; raise CopilotClientOptions.requestTimeout if the"
        + " call is expected to take this long.", null);
    this.method = method;
  }

  /** @return the JSON-RPC method that timed out */
  public String method() {
    return method;
  }
}
