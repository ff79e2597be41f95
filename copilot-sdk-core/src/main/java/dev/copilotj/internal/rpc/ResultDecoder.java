package dev.copilotj.internal.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a JSON-RPC {@code result} into the caller's type. Runs on the reader thread, so it must be quick
 * and must not block.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ResultDecoder<T> {

  /** Passes the result tree through unchanged. */
  ResultDecoder<JsonNode> TREE = result -> result;

  /**
   * Decodes a result.
   *
   * @param result the {@code result} member; a {@code NullNode} when the server sent null
   * @return the decoded value
   */
  T decode(JsonNode result);
}
