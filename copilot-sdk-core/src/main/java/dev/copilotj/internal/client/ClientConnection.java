package dev.copilotj.internal.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotException;
import dev.copilotj.ServerStatus;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.concurrent.LaneBatcher;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.request.ServerRequestRouter;
import dev.copilotj.internal.rpc.IncomingRequest;
import dev.copilotj.internal.process.CliProcess;
import dev.copilotj.internal.rpc.JsonRpcConnection;
import dev.copilotj.internal.rpc.ResultDecoder;
import dev.copilotj.internal.session.NotificationRouter;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.internal.session.SessionHost;
import dev.copilotj.internal.session.SessionRegistry;
import dev.copilotj.turn.TurnListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One start's worth of resources: the CLI process (if spawned), the JSON-RPC connection, the session registry
 * and router its reader feeds, and what the handshake said. It is also the {@link SessionHost} of the sessions
 * opened on it. A new start builds a new one; a stop or a loss retires it with every session it holds.
 */
public final class ClientConnection implements SessionHost {

  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
  /** The shutdown request is a courtesy; the stop does not wait long for it. */
  private static final Duration SHUTDOWN_REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /** How sessions send requests: through the client, which checks it is still connected. */
  public interface Requests {
    /**
     * Sends a request.
     *
     * @param method the method
     * @param params the params, or null
     * @param decoder the result's decoder
     * @param <T> the answer
     * @return the answer
     */
    <T> CompletableFuture<T> request(String method, @Nullable Object params, ResultDecoder<T> decoder);
  }

  private final CopilotClientOptions options;
  private final Executor executor;
  private final ClientListeners listeners;
  private final Requests requests;
  private final SessionRegistry registry;
  private final ServerRequestRouter requestRouter;
  /** Starts the lanes the reader thread fills, once per burst of buffered frames. */
  private final LaneBatcher batcher = new LaneBatcher();
  private final NotificationRouter router;
  private final @Nullable CliProcess process;
  private final @Nullable String connectionToken;
  private final JsonRpcConnection rpc;
  private volatile ServerStatus server = new ServerStatus("unknown", 0);
  private volatile @Nullable ScheduledFuture<?> earlyExpiry;

  /**
   * Wraps a launched transport; nothing is read until {@link #open}.
   *
   * @param launched the transport, process and token
   * @param options the client's options
   * @param executor the client's callback executor
   * @param listeners the client's listener registries
   * @param requests how sessions send requests
   * @param droppedEvents the client's count of dropped early events, which outlives the connection
   * @param onClosed told once, on the reader thread, when the connection closes for any reason
   */
  public ClientConnection(CliLauncher.Launched launched, CopilotClientOptions options, Executor executor,
      ClientListeners listeners, Requests requests, LongAdder droppedEvents,
      BiConsumer<ClientConnection, CopilotException> onClosed) {
    this.options = options;
    this.executor = executor;
    this.listeners = listeners;
    this.requests = requests;
    this.process = launched.process();
    if (process != null) {
      process.exitGrace(options.timeouts().shutdown());
    }
    this.connectionToken = launched.connectionToken();
    Consumer<SessionLifecycleEvent> lifecycle = event -> listeners.publishLifecycle(event, batcher);
    this.registry = new SessionRegistry(options.earlyEvents().size(), 256, options.earlyEvents().ttl(),
        System::nanoTime, droppedEvents, lifecycle);
    this.router = new NotificationRouter(registry, lifecycle);
    this.requestRouter = new ServerRequestRouter(listeners.requestHandlers(), registry::live, executor,
        SdkThreads.timer(), options.timeouts().request());
    this.rpc = new JsonRpcConnection("copilot-rpc", launched.transport(), new ReaderListener(onClosed), executor,
        options.maxFrameBytes());
  }

  /**
   * Starts the reader and shakes hands.
   *
   * @param deadline the start's deadline
   * @throws Exception the handshake's failure
   */
  public void open(StartDeadline deadline) throws Exception {
    rpc.start();
    server = Handshake.perform(rpc, connectionToken, deadline);
  }

  /** The client is connected on this connection: start sweeping the early-event buffers. */
  public void connected() {
    long sweep = Math.max(1, options.earlyEvents().ttl().toMillis() / 2);
    earlyExpiry = SdkThreads.timer().scheduleWithFixedDelay(registry::expireEarly, sweep, sweep,
        TimeUnit.MILLISECONDS);
  }

  /** @return the JSON-RPC connection */
  public JsonRpcConnection rpc() {
    return rpc;
  }

  /** @return the session registry of this connection */
  public SessionRegistry registry() {
    return registry;
  }

  /** @return what the handshake said */
  public ServerStatus server() {
    return server;
  }

  /** @return the spawned CLI, or null when connected to a running server */
  public @Nullable CliProcess process() {
    return process;
  }

  /**
   * Stops: asks the CLI to shut down (gracefully only), closes the connection, ends every session, then stops the
   * process (SIGTERM, SIGKILL) or kills it at once.
   *
   * @param graceful whether to ask and wait first
   */
  public void shutDown(boolean graceful) {
    if (process != null) {
      // the JVM's exit hook leaves the CLI to this stop: the request, then up to three steps (or one kill)
      Duration steps = options.timeouts().shutdown().multipliedBy(graceful ? 3 : 1);
      process.stopping(SHUTDOWN_REQUEST_TIMEOUT.plus(steps).plusSeconds(1));
    }
    if (graceful && process != null && rpc.isOpen()) {
      try {
        rpc.request("runtime.shutdown", null, SHUTDOWN_REQUEST_TIMEOUT, ResultDecoder.TREE)
            .get(SHUTDOWN_REQUEST_TIMEOUT.toMillis() + 100, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.debug("runtime.shutdown was not answered; closing stdin anyway: {}", e.toString());
      }
    }
    ConnectionClosedException stopped = new ConnectionClosedException(
        "The Copilot client was stopped; the request was not answered.", null, "", null);
    rpc.close(stopped);
    retire(stopped);
    if (process == null) {
      return;
    }
    Duration timeout = options.timeouts().shutdown();
    if (graceful) {
      if (!process.stop(timeout)) {
        log.error("Copilot CLI pid {} is still running after SIGKILL", process.pid());
      }
      return;
    }
    process.kill();
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.error("Copilot CLI pid {} did not exit after SIGKILL", process.pid());
    }
  }

  /**
   * Ends what the connection holds beyond its socket: every session, the early-event sweep.
   *
   * @param cause what the sessions' waiting turns and listeners are told
   */
  public void retire(CopilotException cause) {
    ScheduledFuture<?> expiry = earlyExpiry;
    if (expiry != null) {
      expiry.cancel(false);
    }
    registry.clear(cause);
  }

  /** After a loss: a CLI left running without its connection would be an orphan. */
  public void killOrphan() {
    if (process != null && process.isAlive()) {
      process.kill();
    }
  }

  // ------------------------------------------------------------------ SessionHost

  @Override
  public <T> CompletableFuture<T> request(String method, @Nullable Object params, ResultDecoder<T> decoder) {
    return requests.request(method, params, decoder);
  }

  @Override
  public Executor executor() {
    return executor;
  }

  @Override
  public Duration requestTimeout() {
    return options.timeouts().request();
  }

  @Override
  public int maxPromptChars() {
    return options.maxPromptChars();
  }

  @Override
  public @Nullable Duration sessionIdleTimeout() {
    return options.sessionIdleTimeout();
  }

  @Override
  public LaneBatcher batcher() {
    return batcher;
  }

  @Override
  public void forget(String sessionId, SessionEndpoint endpoint) {
    registry.removeLive(sessionId, endpoint);
  }

  @Override
  public List<Consumer<? super SessionEvent>> clientListeners() {
    return listeners.sessionEventListeners();
  }

  @Override
  public List<Consumer<? super SessionEvent>> clientObservers() {
    return listeners.sessionEventObservers();
  }

  @Override
  public List<TurnListener> turnListeners() {
    return listeners.turnListeners();
  }

  /** The reader thread's side: notifications to the router, lanes started once per burst. */
  private final class ReaderListener implements JsonRpcConnection.Listener {
    private final BiConsumer<ClientConnection, CopilotException> onClosed;

    ReaderListener(BiConsumer<ClientConnection, CopilotException> onClosed) {
      this.onClosed = onClosed;
    }

    @Override
    public void onNotification(String method, JsonNode params) {
      router.route(method, params);
    }

    @Override
    public void onRequest(IncomingRequest request) {
      requestRouter.route(request);
    }

    @Override
    public void onReaderStart() {
      batcher.bindToCurrentThread();
    }

    @Override
    public void beforeRead() {
      batcher.flush();
    }

    @Override
    public void onClosed(CopilotException cause) {
      onClosed.accept(ClientConnection.this, cause);
    }
  }
}
