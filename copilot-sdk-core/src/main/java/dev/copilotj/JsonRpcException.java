package dev.copilotj;

import org.jspecify.annotations.Nullable;

/** The CLI answered a request with a JSON-RPC error object. */
public class JsonRpcException extends CopilotException {

  /** The method does not exist on the server (JSON-RPC's standard code). */
  public static final int METHOD_NOT_FOUND = -32601;
  /** The server failed while handling the request (JSON-RPC's standard code). */
  public static final int INTERNAL_ERROR = -32603;

  private final String method;
  private final int code;
  private final String serverMessage;
  private final @Nullable String dataJson;

  /**
   * Creates the exception.
   *
   * @param method the JSON-RPC method that failed
   * @param code the error code
   * @param serverMessage the error message the server sent
   * @param dataJson the error's {@code data} member as JSON, if it had one
   */
  public JsonRpcException(String method, int code, String serverMessage, @Nullable String dataJson) {
    super("The Copilot CLI rejected '" + method + "': " + serverMessage + " (JSON-RPC error " + code + ")");
    this.method = method;
    this.code = code;
    this.serverMessage = serverMessage;
    this.dataJson = dataJson;
  }

  /** @return the JSON-RPC method that failed */
  public String method() {
    return method;
  }

  /** @return the JSON-RPC error code */
  public int code() {
    return code;
  }

  /** @return the message the server sent, without this SDK's wording around it */
  public String serverMessage() {
    return serverMessage;
  }

  /** @return the error's {@code data} member as JSON, or {@code null} */
  public @Nullable String dataJson() {
    return dataJson;
  }
}
