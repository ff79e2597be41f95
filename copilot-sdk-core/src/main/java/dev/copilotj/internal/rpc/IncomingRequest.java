package dev.copilotj.internal.rpc;

import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** A request the peer sent; answered exactly once, from any thread, by {@link #respond} or {@link #fail}. */
public final class IncomingRequest {

  private final JsonRpcConnection connection;
  private final JsonNode id;
  private final String method;
  private final JsonNode params;
  private final AtomicBoolean answered = new AtomicBoolean();

  IncomingRequest(JsonRpcConnection connection, JsonNode id, String method, JsonNode params) {
    this.connection = connection;
    this.id = id;
    this.method = method;
    this.params = params;
  }

  /** @return the method */
  public String method() {
    return method;
  }

  /** @return the params, or a {@code NullNode} */
  public JsonNode params() {
    return params;
  }

  /**
   * Answers with a result.
   *
   * @param result written with the SDK's mapper; null is a JSON {@code null}
   * @return false when it was already answered (this answer is dropped)
   */
  public boolean respond(@Nullable Object result) {
    if (!answered.compareAndSet(false, true)) {
      return false;
    }
    connection.answer(id, method, result, 0, null);
    return true;
  }

  /**
   * Answers with a JSON-RPC error.
   *
   * @param code the error code
   * @param message the error message
   * @return false when it was already answered (this answer is dropped)
   */
  public boolean fail(int code, String message) {
    if (!answered.compareAndSet(false, true)) {
      return false;
    }
    connection.answer(id, method, null, code, message);
    return true;
  }

  /** @return whether an answer was given */
  public boolean isAnswered() {
    return answered.get();
  }
}
