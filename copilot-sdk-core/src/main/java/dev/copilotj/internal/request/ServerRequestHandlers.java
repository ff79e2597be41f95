package dev.copilotj.internal.request;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.copilotj.Subscription;
import dev.copilotj.request.ServerRequestHandler;
import org.jspecify.annotations.Nullable;

/** The client's handlers of CLI requests, one per method; kept across reconnects. */
public final class ServerRequestHandlers {

  private final ConcurrentMap<String, ServerRequestHandler> byMethod = new ConcurrentHashMap<>();

  /**
   * Registers the handler of one method.
   *
   * @param method the method, as the CLI sends it (for example {@code hooks.invoke})
   * @param handler its handler
   * @return removes this handler
   * @throws IllegalStateException when the method already has a handler
   */
  public Subscription register(String method, ServerRequestHandler handler) {
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("method must not be blank");
    }
    Objects.requireNonNull(handler, "handler");
    if (byMethod.putIfAbsent(method, handler) != null) {
      throw new IllegalStateException("A handler for '" + method + "' is already registered; close its"
          + " subscription first, or handle both cases in one handler");
    }
    return () -> byMethod.remove(method, handler);
  }

  /** @return the handler of a method, or null */
  public @Nullable ServerRequestHandler find(String method) {
    return byMethod.get(method);
  }
}
