package dev.copilotj.request;

import org.jspecify.annotations.Nullable;

/**
 * Answers one method of the requests the CLI sends. Runs on the client's callback executor: requests of one session
 * one after another in arrival order (on that session's lane), client-wide ones on a lane of their own. Each is
 * bounded by the client's request timeout, after which the CLI gets an error answer.
 *
 * <p>Return the result: any value Jackson can write (a record, a map, a list, a string, a number), or null for a
 * JSON {@code null}; or a {@link java.util.concurrent.CompletionStage} of one, to answer later without holding the
 * lane. Throw {@link ServerRequestRejectedException} to answer a chosen JSON-RPC error. Any other exception answers
 * a generic internal error (the exception is logged, not sent: the CLI may pass error texts on).
 */
@FunctionalInterface
public interface ServerRequestHandler {

  /**
   * Answers a request.
   *
   * @param request the request
   * @return the result, a {@code CompletionStage} of it, or null
   * @throws Exception any failure; see the type's contract
   */
  @Nullable Object handle(ServerRequest request) throws Exception;
}
