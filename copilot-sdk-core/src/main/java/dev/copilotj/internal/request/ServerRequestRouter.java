package dev.copilotj.internal.request;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.copilotj.JsonRpcException;
import dev.copilotj.internal.concurrent.SerialLane;
import dev.copilotj.internal.rpc.IncomingRequest;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.request.ServerRequest;
import dev.copilotj.request.ServerRequestHandler;
import dev.copilotj.request.ServerRequestRejectedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests the CLI sends. On the reader thread it only picks the lane: the lane of the session named
 * by the params' {@code sessionId} when that session is open here, otherwise the client's own lane. On the lane the
 * method's handler runs; its answer (or error) goes back once, and a timer answers an error if the handler has not
 * answered within the timeout. A method nobody handles is answered "method not found", with a log line naming it.
 */
public final class ServerRequestRouter {

  /** The message a handler's unexpected exception is answered with: its text stays in our log. */
  static final String HANDLER_FAILED = "The client's handler failed";

  private static final Logger log = LoggerFactory.getLogger(ServerRequestRouter.class);

  private final ServerRequestHandlers handlers;
  private final Function<String, @Nullable SessionEndpoint> sessions;
  private final SerialLane clientLane;
  private final ScheduledExecutorService timer;
  private final Duration timeout;

  /**
   * Creates a router.
   *
   * @param handlers the client's handlers
   * @param sessions finds an open session by id
   * @param executor runs the client lane
   * @param timer schedules the time-outs
   * @param timeout how long a handler may take to answer
   */
  public ServerRequestRouter(ServerRequestHandlers handlers, Function<String, @Nullable SessionEndpoint> sessions,
      Executor executor, ScheduledExecutorService timer, Duration timeout) {
    this.handlers = handlers;
    this.sessions = sessions;
    this.clientLane = new SerialLane("CLI requests", executor);
    this.timer = timer;
    this.timeout = timeout;
  }

  /**
   * Routes one request; called on the reader thread.
   *
   * @param incoming the request
   */
  public void route(IncomingRequest incoming) {
    ServerRequestHandler handler = handlers.find(incoming.method());
    if (handler == null) {
      log.warn("The Copilot CLI sent request '{}', which no handler of this client answers; answering"
          + " 'method not found'", incoming.method());
      incoming.fail(JsonRpcException.METHOD_NOT_FOUND, "Method not supported by this client: " + incoming.method());
      return;
    }
    WireServerRequest request = new WireServerRequest(incoming.method(), incoming.params());
    String sessionId = request.sessionId();
    SessionEndpoint session = sessionId == null ? null : sessions.apply(sessionId);
    Runnable task = () -> run(handler, request, incoming);
    if (session != null) {
      session.runInOrder(task);
    } else {
      clientLane.execute(task);
    }
  }

  private void run(ServerRequestHandler handler, ServerRequest request, IncomingRequest incoming) {
    ScheduledFuture<?> deadline = timer.schedule(() -> {
      if (incoming.fail(JsonRpcException.INTERNAL_ERROR, "The client did not answer within " + timeout.toMillis()
          + " ms")) {
        log.warn("The handler of {} did not answer within {} ms; the CLI got an error", request, timeout.toMillis());
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    Object result;
    try {
      result = handler.handle(request);
    } catch (Exception e) {
      deadline.cancel(false);
      answerFailure(request, incoming, e);
      return;
    }
    if (result instanceof CompletionStage<?> stage) {
      // answer when it completes, without holding the lane
      stage.whenComplete((value, error) -> {
        deadline.cancel(false);
        if (error != null) {
          answerFailure(request, incoming, error instanceof CompletionException
              && error.getCause() != null ? error.getCause() : error);
        } else {
          answer(request, incoming, value);
        }
      });
    } else {
      deadline.cancel(false);
      answer(request, incoming, result);
    }
  }

  private static void answer(ServerRequest request, IncomingRequest incoming, @Nullable Object result) {
    if (!incoming.respond(result)) {
      log.warn("The handler of {} answered after its time-out; the answer is dropped", request);
    }
  }

  private static void answerFailure(ServerRequest request, IncomingRequest incoming, Throwable error) {
    if (error instanceof ServerRequestRejectedException rejected) {
      incoming.fail(rejected.code(), rejected.getMessage());
      log.debug("The handler of {} rejected it: {} {}", request, rejected.code(), rejected.getMessage());
      return;
    }
    log.error("The handler of {} threw; the CLI gets a generic error", request, error);
    incoming.fail(JsonRpcException.INTERNAL_ERROR, HANDLER_FAILED);
  }
}
