package dev.copilotj.request;

import dev.copilotj.CopilotException;

/**
 * Thrown by a {@link ServerRequestHandler} to answer the CLI with this JSON-RPC error code and message, sent as
 * given.
 */
public class ServerRequestRejectedException extends CopilotException {

  private static final long serialVersionUID = 1L;

  private final int code;

  /**
   * Creates the answer.
   *
   * @param code the JSON-RPC error code, for example -32602 for invalid params
   * @param message the message the CLI receives; never put secrets here
   */
  public ServerRequestRejectedException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** @return the JSON-RPC error code */
  public int code() {
    return code;
  }
}
