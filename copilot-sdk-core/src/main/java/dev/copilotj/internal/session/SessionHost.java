package dev.copilotj.internal.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.concurrent.LaneBatcher;
import dev.copilotj.internal.rpc.ResultDecoder;
import dev.copilotj.turn.TurnListener;
import org.jspecify.annotations.Nullable;

/** All a session needs of its client and connection: the one way a {@code CopilotSession} reaches back. */
public interface SessionHost {

  /**
   * Sends a request on the client's current connection.
   *
   * @param method the JSON-RPC method
   * @param params the params, or null
   * @param decoder turns the result into the answer
   * @param <T> the answer
   * @return completes with the answer, or fails (not connected, timeout, JSON-RPC error)
   */
  <T> CompletableFuture<T> request(String method, @Nullable Object params, ResultDecoder<T> decoder);

  /** @return the client's callback executor: listeners, tools and handlers run on it */
  Executor executor();

  /** @return the client's request timeout, which also bounds a session's {@code close()} */
  Duration requestTimeout();

  /** @return the longest prompt a session sends, in characters */
  default int maxPromptChars() {
    return Integer.MAX_VALUE;
  }

  /** @return how long a session may be idle before it is closed, or null for ever */
  default @Nullable Duration sessionIdleTimeout() {
    return null;
  }

  /** @return the reader thread's batcher, which starts session lanes once per burst of frames */
  LaneBatcher batcher();

  /**
   * Forgets a session that ended, so the registry routes nothing more to it.
   *
   * @param sessionId its id
   * @param endpoint its endpoint (a newer session under the same id is left alone)
   */
  void forget(String sessionId, SessionEndpoint endpoint);

  /** @return the client-wide listeners that run on each session's lane after its own, live */
  List<Consumer<? super SessionEvent>> clientListeners();

  /** @return the client-wide observers that run on the reader thread, live */
  List<Consumer<? super SessionEvent>> clientObservers();

  /** @return the client-wide turn listeners that each session's tracker tells on the reader thread, live */
  List<TurnListener> turnListeners();
}
