package dev.copilotj;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.client.AutoRestart;
import dev.copilotj.internal.client.CliLauncher;
import dev.copilotj.internal.client.ClientConnection;
import dev.copilotj.internal.client.ClientListeners;
import dev.copilotj.internal.client.ServerResults;
import dev.copilotj.internal.client.StartDeadline;
import dev.copilotj.internal.concurrent.CallbackFuture;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.rpc.ResultDecoder;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.request.ServerRequestHandler;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnListener;
import dev.copilotj.turn.TurnStarted;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the GitHub Copilot CLI's JSON-RPC server: it spawns the CLI (or connects to a running
 * one), shakes hands, and sends requests.
 *
 * <p>Every operation returns a {@link CompletableFuture} that completes or fails within a timeout;
 * stages chained on it run on the client's callback executor, never on the SDK's I/O threads.
 * The client can be started again after it stopped or failed. When the CLI dies or the connection breaks,
 * the client fails what was pending and moves to {@link ClientState#FAILED}; with a
 * {@link CopilotClientOptions.Builder#restartPolicy(RestartPolicy) restart policy} it then starts a new CLI by
 * itself, a bounded number of times.
 *
 * <pre>{@code
 * try (CopilotClient client = new CopilotClient(CopilotClientOptions.defaults())) {
 *   client.start().join();
 *   System.out.println(client.ping("hello").join().message());
 * }
 * }</pre>
 */
public final class CopilotClient implements AutoCloseable {

  /** The JSON-RPC protocol version this SDK speaks. */
  public static final int PROTOCOL_VERSION = 3;
  /** The CLI version this SDK is tested against. */
  public static final String TESTED_CLI_VERSION = "1.0.102";

  private static final Logger log = LoggerFactory.getLogger(CopilotClient.class);

  private final CopilotClientOptions options;
  private final Executor executor;
  private final ClientListeners listeners;
  private final ClientConnection.Requests requests = new ClientRequests();
  private final AtomicReference<@Nullable CompletableFuture<List<ModelInfo>>> models = new AtomicReference<>();
  private final Object lock = new Object();
  /** Early events dropped by every connection's registry: a count that never goes down, across restarts. */
  private final LongAdder droppedEvents = new LongAdder();

  // guarded by lock
  private ClientState state = ClientState.NOT_STARTED;
  private @Nullable Throwable failure;
  private @Nullable ClientConnection current;
  private @Nullable CompletableFuture<Void> startFuture;
  private @Nullable CompletableFuture<Void> stopFuture;
  private long generation;
  private final AutoRestart restarts;

  /**
   * Creates a client; nothing is spawned until {@link #start()}.
   *
   * @param options how to find and talk to the CLI
   */
  public CopilotClient(CopilotClientOptions options) {
    this.options = options;
    Executor configured = options.executor();
    this.executor = configured != null ? configured : SdkThreads.defaultCallbackExecutor();
    this.listeners = new ClientListeners(executor);
    this.restarts = new AutoRestart(options.restartPolicy());
  }

  /** @return the options this client was built with */
  public CopilotClientOptions options() {
    return options;
  }

  /**
   * The executor this client runs listeners, tools, permission handlers and futures' dependent stages on: the one
   * configured with {@link CopilotClientOptions.Builder#executor}, else the SDK's shared default. An
   * {@link #observeSessionEventsOnReaderThread observer} hands slower work to it.
   *
   * @return the callback executor
   */
  public Executor callbackExecutor() {
    return executor;
  }

  /** @return the current state */
  public ClientState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** @return why the client is {@link ClientState#FAILED}, or null */
  public @Nullable Throwable failure() {
    synchronized (lock) {
      return failure;
    }
  }

  /** @return the CLI's version and protocol version from the handshake, or null while not connected */
  public @Nullable ServerStatus connectedServer() {
    synchronized (lock) {
      return state == ClientState.CONNECTED && current != null ? current.server() : null;
    }
  }

  /** @return the spawned CLI's process id, or null when none is running (or the client connects to a server) */
  public @Nullable Long cliPid() {
    synchronized (lock) {
      return current != null && current.process() != null ? current.process().pid() : null;
    }
  }

  // ---------------------------------------------------------------- the state machine

  /**
   * Starts the CLI (or connects to the server) and performs the {@code connect} handshake. Calling it
   * while starting returns the same future; while connected, a completed one.
   *
   * @return completes when connected; fails with {@link CopilotCliNotFoundException},
   *     {@link ProtocolVersionMismatchException}, {@link ConnectionClosedException} or a
   *     {@link StartupTimeoutException}
   */
  public CompletableFuture<Void> start() {
    CallbackFuture<Void> future;
    long startGeneration;
    synchronized (lock) {
      switch (state) {
        case CONNECTED:
          return CallbackFuture.completed(executor, null);
        case STARTING:
          return startFuture;
        case STOPPING:
          return CallbackFuture.failed(executor, new CopilotException(
              "The Copilot client is stopping; wait for stop() to complete, then start it again."));
        default:
          break;
      }
      restarts.cancel(); // the caller's start replaces an automatic one
      future = new CallbackFuture<>(executor);
      startGeneration = beginStart(future);
    }
    SdkThreads.startDaemon("copilot-client-start", () -> runStart(startGeneration, future));
    return future;
  }

  // guarded by lock
  private long beginStart(CallbackFuture<Void> future) {
    startFuture = future;
    failure = null;
    setState(ClientState.STARTING, null);
    return ++generation;
  }

  /**
   * Stops gracefully: asks the CLI to shut down, closes its stdin, then escalates to SIGTERM and SIGKILL,
   * each step bounded by {@link CopilotClientOptions#shutdownTimeout()}. Pending requests fail. A client
   * connected to a running server only disconnects. A restart the {@link RestartPolicy} has scheduled is
   * cancelled.
   *
   * @return completes when the CLI is gone; never fails
   */
  public CompletableFuture<Void> stop() {
    return stop(true);
  }

  /**
   * Stops at once: kills the CLI and fails everything pending.
   *
   * @return completes when the CLI is gone; never fails
   */
  public CompletableFuture<Void> forceStop() {
    return stop(false);
  }

  private CompletableFuture<Void> stop(boolean graceful) {
    CallbackFuture<Void> future;
    ClientConnection connection;
    CompletableFuture<Void> starting = null;
    synchronized (lock) {
      restarts.cancel();
      switch (state) {
        case NOT_STARTED:
        case STOPPED:
          return CallbackFuture.completed(executor, null);
        case STOPPING:
          if (graceful || stopFuture == null) {
            return stopFuture;
          }
          break; // a force stop overtakes a graceful one below
        case STARTING:
          starting = startFuture;
          break;
        default:
          break;
      }
      connection = current;
      current = null;
      future = new CallbackFuture<>(executor);
      stopFuture = future;
      setState(ClientState.STOPPING, null);
    }
    models.set(null);
    CompletableFuture<Void> waitForStart = starting;
    SdkThreads.startDaemon("copilot-client-stop", () -> {
      if (waitForStart != null) {
        // the start thread sees STOPPING and tears down what it built
        waitForStart.handle((ok, error) -> null).join();
      }
      if (connection != null) {
        connection.shutDown(graceful);
      }
      synchronized (lock) {
        if (stopFuture == future) {
          setState(ClientState.STOPPED, null);
        }
      }
      future.complete(null);
    });
    return future;
  }

  /**
   * Stops the client and waits for it, up to three times the shutdown timeout, then force-stops.
   */
  @Override
  public void close() {
    Duration wait = options.timeouts().shutdown().multipliedBy(3).plusSeconds(1);
    try {
      stop().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.warn("Graceful stop did not finish within {} ms; killing the Copilot CLI", wait.toMillis());
      forceStop().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      forceStop();
    }
  }

  /** On a start thread: launch, shake hands, and become CONNECTED unless stopped or restarted meanwhile. */
  private void runStart(long startGeneration, CompletableFuture<Void> future) {
    StartDeadline deadline = new StartDeadline(options.timeouts().startup());
    ClientConnection connection = null;
    try {
      connection = new ClientConnection(CliLauncher.launch(options, deadline), options, executor, listeners,
          requests, droppedEvents, this::onConnectionClosed);
      connection.open(deadline);
      boolean superseded;
      synchronized (lock) {
        superseded = state != ClientState.STARTING || generation != startGeneration;
        if (!superseded) {
          current = connection;
          connection.connected();
          setState(ClientState.CONNECTED, null);
          ServerStatus server = connection.server();
          log.info("Connected to Copilot CLI {} (protocol {}){}", server.version(), server.protocolVersion(),
              connection.process() != null ? " pid " + connection.process().pid() : "");
          restarts.succeeded();
        }
      }
      if (superseded) {
        connection.shutDown(false);
        future.completeExceptionally(new CopilotException("The Copilot client was stopped while starting."));
        return;
      }
      future.complete(null);
    } catch (Throwable t) {
      CopilotException error = t instanceof CopilotException copilot ? copilot
          : new CopilotException("Starting the Copilot client failed: " + CopilotException.describe(t), t);
      if (connection != null) {
        connection.shutDown(false);
      }
      AutoRestart.Run retry = null;
      synchronized (lock) {
        if (state == ClientState.STARTING && generation == startGeneration) {
          failure = error;
          setState(ClientState.FAILED, error);
          retry = restarts.failed(error);
        }
      }
      log.warn("Starting the Copilot client failed: {}", error.getMessage());
      future.completeExceptionally(error);
      if (retry != null) {
        scheduleRestart(retry);
      }
    }
  }

  /** On the reader thread: the connection closed. Unless the client stopped it, that is a loss. */
  private void onConnectionClosed(ClientConnection connection, CopilotException cause) {
    AutoRestart.Run run = null;
    synchronized (lock) {
      if (current != connection || state != ClientState.CONNECTED) {
        return;
      }
      if (connection.process() != null && connection.process().reaped()) {
        // the JVM's exit hook ended the CLI after nothing stopped it: an exit, not a loss
        current = null;
        setState(ClientState.STOPPED, null);
      } else {
        failure = cause;
        setState(ClientState.FAILED, cause);
        run = restarts.begin();
      }
    }
    if (connection.process() != null && connection.process().reaped()) {
      log.info("The JVM is exiting: the Copilot CLI was stopped without a stop() of its client");
      connection.retire(cause);
      models.set(null);
      return;
    }
    log.error("Lost the Copilot CLI: {}", cause.getMessage());
    connection.retire(cause);
    models.set(null);
    connection.killOrphan();
    if (run != null) {
      // after retire: the dead CLI's sessions are terminated before a new CLI can exist
      scheduleRestart(run);
    }
  }

  private void scheduleRestart(AutoRestart.Run run) {
    synchronized (lock) {
      restarts.scheduleNext(run, () -> runRestart(run));
    }
  }

  /** On the timer: starts the attempt, as {@link #start()} would, unless stopped or started by hand meanwhile. */
  private void runRestart(AutoRestart.Run run) {
    CallbackFuture<Void> future;
    long restartGeneration;
    synchronized (lock) {
      if (!restarts.isCurrent(run) || state != ClientState.FAILED) {
        return;
      }
      restarts.attemptStarting(run);
      future = new CallbackFuture<>(executor);
      restartGeneration = beginStart(future);
    }
    SdkThreads.startDaemon("copilot-client-restart", () -> runStart(restartGeneration, future));
  }

  // guarded by lock
  private void setState(ClientState next, @Nullable Throwable cause) {
    ClientState previous = state;
    state = next;
    if (previous != next) {
      listeners.publishState(new ClientStateChange(previous, next, cause));
    }
  }

  /**
   * Adds a state listener.
   *
   * @param listener called in order, on the callback executor, after every change
   * @return removes the listener
   */
  public Subscription onStateChange(ClientStateListener listener) {
    return listeners.addStateListener(listener);
  }

  // ---------------------------------------------------------------- server requests

  /**
   * Checks that the CLI answers.
   *
   * @param message echoed back as {@code "pong: <message>"}
   * @return the answer
   */
  public CompletableFuture<PingResponse> ping(String message) {
    return request("ping", Map.of("message", message), ServerResults::ping);
  }

  /** @return the CLI's version and protocol version */
  public CompletableFuture<ServerStatus> status() {
    return request("status.get", null, ServerResults::status);
  }

  /**
   * Whether and how the CLI is signed in; {@link CopilotAuthenticationException#requireAuthenticated} turns "not
   * signed in" into a failure.
   *
   * @return the sign-in state
   */
  public CompletableFuture<AuthStatus> authStatus() {
    return request("auth.getStatus", null, ServerResults::authStatus);
  }

  /**
   * Lists the models the CLI can use. The first answer is cached until the client stops, so many
   * sessions asking at once cause one request; {@link #listModels(boolean)} refreshes it.
   *
   * @return the models
   */
  public CompletableFuture<List<ModelInfo>> listModels() {
    return listModels(false);
  }

  /**
   * Lists the models the CLI can use.
   *
   * @param refresh true to ask the CLI again rather than use the cached answer
   * @return the models
   */
  public CompletableFuture<List<ModelInfo>> listModels(boolean refresh) {
    while (true) {
      CompletableFuture<List<ModelInfo>> cached = models.get();
      if (cached != null && !refresh && !cached.isCompletedExceptionally()) {
        return cached;
      }
      CompletableFuture<List<ModelInfo>> fresh = request("models.list", null, ServerResults::models);
      if (models.compareAndSet(cached, fresh)) {
        // a failed answer is not cached: the next call asks again
        fresh.whenComplete((ok, error) -> {
          if (error != null) {
            models.compareAndSet(fresh, null);
          }
        });
        return fresh;
      }
    }
  }

  /**
   * Sends a raw JSON-RPC request; for methods this SDK has no typed call for yet.
   *
   * @param method the method, for example {@code session.list}
   * @param params a map, list or record serialisable as JSON, or null
   * @return the result as JSON text
   */
  public CompletableFuture<String> call(String method, @Nullable Object params) {
    return request(method, params, JsonNode::toString);
  }

  // ---------------------------------------------------------------- sessions

  /**
   * Creates a session with the client's {@link CopilotClientOptions#sessionDefaults() session defaults}.
   *
   * @return the session, once the CLI created it
   */
  public CompletableFuture<CopilotSession> createSession() {
    return createSession(options.sessionDefaults());
  }

  /**
   * Returns the client's session defaults, to start a session configuration from:
   * {@code client.createSession(client.sessionDefaults().toBuilder().streaming(true).build())}.
   *
   * @return the defaults
   */
  public SessionConfig sessionDefaults() {
    return options.sessionDefaults();
  }

  /**
   * Creates a session. A local session's id is chosen here (or taken from {@link SessionConfig#sessionId()}); a
   * cloud session's id is assigned by the server: see {@link SessionConfig.Builder#cloud(CloudOptions)}. When the
   * create fails, nothing of the session is left in the client by the time the future fails.
   *
   * @param config the session's model, tools, permission handler and other settings
   * @return the session, once the CLI created it
   */
  public CompletableFuture<CopilotSession> createSession(SessionConfig config) {
    ClientConnection connection = connectedOrNull();
    if (connection == null) {
      return CallbackFuture.failed(executor, notConnected());
    }
    if (config.cloud() != null) {
      return SessionOpener.createCloud(connection, config);
    }
    String id = config.sessionId() != null ? config.sessionId() : UUID.randomUUID().toString();
    return SessionOpener.openLocal(connection, "session.create", id, config);
  }

  /**
   * Resumes a stored session, with this config's tools and handlers.
   *
   * <p>When the session is already open in this client, the CLI takes the resume on the same connection and
   * applies the new config (system message, tools, working directory, model), and the future completes with the
   * <em>same</em> {@code CopilotSession}, reconfigured when the CLI answers: events that arrive before the answer
   * are handled with the old config, every later one with the new config's tools, permission handler and
   * listeners. Listeners added with {@link CopilotSession#on} keep their subscription and hear every event once;
   * the old config's listeners hear nothing after the switch. A turn in progress goes on. If the resume fails,
   * the session stays open with its old config.
   *
   * @param sessionId the session to resume
   * @param config the settings to resume it with
   * @return the session
   */
  public CompletableFuture<CopilotSession> resumeSession(String sessionId, SessionConfig config) {
    ClientConnection connection = connectedOrNull();
    if (connection == null) {
      return CallbackFuture.failed(executor, notConnected());
    }
    return SessionOpener.openLocal(connection, "session.resume", sessionId, config);
  }

  /** @return the sessions the CLI has stored, newest first as the CLI lists them */
  public CompletableFuture<List<SessionMetadata>> listSessions() {
    return request("session.list", null, ServerResults::sessions);
  }

  /** @return the id of the most recently used session, or null when there is none */
  public CompletableFuture<@Nullable String> lastSessionId() {
    return request("session.getLastId", null, result -> Json.text(result, "sessionId"));
  }

  /**
   * Reads a stored session's metadata.
   *
   * @param sessionId the session
   * @return its metadata; fails with {@link SessionNotFoundException} when the CLI does not know it
   */
  public CompletableFuture<SessionMetadata> sessionMetadata(String sessionId) {
    return request("session.getMetadata", Map.of("sessionId", sessionId), result -> {
      JsonNode session = result.get("session");
      if (session == null || !session.isObject()) {
        throw new SessionNotFoundException(sessionId, "The CLI has no session " + sessionId
            + "; listSessions() shows the stored ones.");
      }
      return ServerResults.metadata(session);
    });
  }

  /**
   * Deletes a stored session; an open {@link CopilotSession} for it is terminated.
   *
   * @param sessionId the session
   * @return completes when the CLI deleted it
   */
  public CompletableFuture<Void> deleteSession(String sessionId) {
    return request("session.delete", Map.of("sessionId", sessionId), result -> {
      if (!Json.bool(result, "success", true)) {
        throw new CopilotException("The CLI could not delete session " + sessionId + ": "
            + Json.text(result, "error", "no reason given"));
      }
      ClientConnection connection = connectedOrNull();
      SessionEndpoint open = connection == null ? null : connection.registry().live(sessionId);
      if (open instanceof CopilotSession.Endpoint session) {
        session.retire(new SessionClosedException(sessionId, true), false);
      }
      return null;
    });
  }

  /** @return the number of open sessions of the current connection */
  public int openSessionCount() {
    ClientConnection connection = connectedOrNull();
    return connection == null ? 0 : connection.registry().liveCount();
  }

  /**
   * What the client's session registry holds now: open sessions, cloud creates in flight (by provisional id), events
   * held for sessions not opened yet, and how many such events were dropped. While not connected it holds nothing,
   * and the dropped count stays.
   *
   * @return the figures, read together at one instant
   */
  public SessionRegistryStats sessionRegistryStats() {
    ClientConnection connection = connectedOrNull();
    return connection == null ? new SessionRegistryStats(0, List.of(), 0, 0, droppedEvents.sum())
        : connection.registry().stats();
  }

  // ---------------------------------------------------------------- client-wide listeners

  /**
   * Adds a session lifecycle listener.
   *
   * @param listener hears created, updated and deleted notifications (each created and deleted once),
   *     in wire order on the callback executor; a cloud session is materialized before its listener runs, and a
   *     failed cloud create's {@code session.created} is followed by the client's
   *     {@link SessionLifecycleEvent#CREATE_FAILED}
   * @return removes the listener
   */
  public Subscription onLifecycle(SessionLifecycleListener listener) {
    return listeners.addLifecycleListener(listener);
  }

  /**
   * Listens to the events of every session of this client; for instrumentation that may take its time.
   *
   * @param listener called in each session's order, on that session's lane (the callback executor), after the
   *     session's own listeners; it must be thread-safe, since sessions run in parallel
   * @return removes the listener
   */
  public Subscription onSessionEventOnSessionLane(Consumer<? super SessionEvent> listener) {
    return listeners.addSessionEventListener(listener);
  }

  /**
   * Observes the events of every session of this client as they arrive: on the SDK's JSON-RPC reader thread, in
   * wire order, before any listener and without a thread hand-off. Meant for metrics and tracing. An observer
   * holds up every session while it runs: it must return within microseconds, never block, never wait for the
   * client, and be thread-safe. One that throws is logged and the event goes on.
   *
   * @param observer called for every event of every session (the synthetic
   *     {@link CopilotSession#TERMINATED_ERROR_TYPE} error of a session the client lost comes from that session's
   *     lane on the callback executor)
   * @return removes the observer
   */
  public Subscription observeSessionEventsOnReaderThread(Consumer<? super SessionEvent> observer) {
    return listeners.addSessionEventObserver(observer);
  }

  /**
   * Listens to the turns of every session of this client: a {@link TurnStarted} when a session becomes busy, a
   * {@link TurnEnded} with the outcome, duration, model and token totals when it goes idle or is terminated. Like an
   * {@link #observeSessionEventsOnReaderThread observer} it runs on the SDK's reader thread, so it must be quick, never block,
   * and be thread-safe; see {@link TurnListener} for the threads, and the README for the rules.
   *
   * @param listener hears every session's turns
   * @return removes the listener
   */
  public Subscription onTurn(TurnListener listener) {
    return listeners.addTurnListener(listener);
  }

  /**
   * Answers one method of the requests the CLI sends to the client (its {@code clientSession.*} and
   * {@code clientGlobal.*} methods, such as {@code hooks.invoke} or {@code sessionFs.readFile}). A request whose
   * params name an open session runs on that session's lane, in order with its events; others on a client-wide
   * lane; each is bounded by the request timeout. Methods without a handler are answered "method not found".
   * Kept across restarts.
   *
   * @param method the method as the CLI sends it
   * @param handler answers it; see {@link ServerRequestHandler} for results and errors
   * @return removes the handler
   * @throws IllegalStateException when the method already has a handler
   */
  public Subscription onServerRequest(String method, ServerRequestHandler handler) {
    return listeners.requestHandlers().register(method, handler);
  }

  // ---------------------------------------------------------------- plumbing

  private @Nullable ClientConnection connectedOrNull() {
    synchronized (lock) {
      return state == ClientState.CONNECTED ? current : null;
    }
  }

  <T> CompletableFuture<T> request(String method, @Nullable Object params, ResultDecoder<T> decoder) {
    ClientConnection connection = connectedOrNull();
    if (connection == null) {
      return CallbackFuture.failed(executor, notConnected());
    }
    return connection.rpc().request(method, params, options.timeouts().request(), decoder);
  }

  private NotConnectedException notConnected() {
    synchronized (lock) {
      return new NotConnectedException(state, failure);
    }
  }

  /** Requests of the sessions, through the client's connected check. */
  private final class ClientRequests implements ClientConnection.Requests {
    @Override
    public <T> CompletableFuture<T> request(String method, @Nullable Object params, ResultDecoder<T> decoder) {
      return CopilotClient.this.request(method, params, decoder);
    }
  }
}
