package dev.copilotj;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.concurrent.CallbackFuture;
import dev.copilotj.internal.concurrent.LaneBatcher;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.concurrent.SerialLane;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.process.CliLocator;
import dev.copilotj.internal.process.CliProcess;
import dev.copilotj.internal.process.StdioTransport;
import dev.copilotj.internal.rpc.JsonRpcConnection;
import dev.copilotj.internal.rpc.ResultDecoder;
import dev.copilotj.internal.rpc.SocketTransport;
import dev.copilotj.internal.rpc.Transport;
import dev.copilotj.internal.session.NotificationRouter;
import dev.copilotj.internal.session.PendingCreate;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.internal.session.SessionRegistry;
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
  /** The shutdown request is a courtesy; the stop does not wait long for it. */
  private static final Duration SHUTDOWN_REQUEST_TIMEOUT = Duration.ofSeconds(1);

  private final CopilotClientOptions options;
  private final Executor executor;
  private final SerialLane stateLane;
  private final List<ClientStateListener> stateListeners = new CopyOnWriteArrayList<>();
  private final SerialLane lifecycleLane;
  private final List<SessionLifecycleListener> lifecycleListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<? super SessionEvent>> sessionEventListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<? super SessionEvent>> sessionEventObservers = new CopyOnWriteArrayList<>();
  private final AtomicReference<@Nullable CompletableFuture<List<ModelInfo>>> models = new AtomicReference<>();
  private final Object lock = new Object();

  // guarded by lock
  private ClientState state = ClientState.NOT_STARTED;
  private @Nullable Throwable failure;
  private @Nullable Connection current;
  private @Nullable CompletableFuture<Void> startFuture;
  private @Nullable CompletableFuture<Void> stopFuture;
  private long generation;
  private @Nullable RestartRun restart;

  /**
   * Creates a client; nothing is spawned until {@link #start()}.
   *
   * @param options how to find and talk to the CLI
   */
  public CopilotClient(CopilotClientOptions options) {
    this.options = options;
    Executor configured = options.executor();
    this.executor = configured != null ? configured : SdkThreads.defaultCallbackExecutor();
    this.stateLane = new SerialLane("client-state", executor);
    this.lifecycleLane = new SerialLane("session-lifecycle", executor);
  }

  /** @return the options this client was built with */
  public CopilotClientOptions options() {
    return options;
  }

  /**
   * The executor this client runs listeners, tools, permission handlers and futures' dependent stages on: the one
   * configured with {@link CopilotClientOptions.Builder#executor}, else the SDK's shared default. An
   * {@link #observeSessionEvents observer} hands slower work to it.
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
      return state == ClientState.CONNECTED && current != null ? current.server : null;
    }
  }

  /** @return the spawned CLI's process id, or null when none is running (or the client connects to a server) */
  public @Nullable Long cliPid() {
    synchronized (lock) {
      return current != null && current.process != null ? current.process.pid() : null;
    }
  }

  /**
   * Starts the CLI (or connects to the server) and performs the {@code connect} handshake. Calling it
   * while starting returns the same future; while connected, a completed one.
   *
   * @return completes when connected; fails with {@link CopilotCliNotFoundException},
   *     {@link ProtocolVersionMismatchException}, {@link ConnectionClosedException} or a timeout
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
      cancelRestart(); // the caller's start replaces an automatic one
      future = new CallbackFuture<>(executor);
      startFuture = future;
      failure = null;
      startGeneration = ++generation;
      setState(ClientState.STARTING, null);
    }
    SdkThreads.startDaemon("copilot-client-start", () -> runStart(startGeneration, future));
    return future;
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
    Connection connection;
    CompletableFuture<Void> starting = null;
    synchronized (lock) {
      cancelRestart();
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
        shutDown(connection, graceful);
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
    Duration wait = options.shutdownTimeout().multipliedBy(3).plusSeconds(1);
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

  /**
   * Adds a state listener.
   *
   * @param listener called in order, on the callback executor, after every change
   * @return removes the listener
   */
  public Subscription onStateChange(ClientStateListener listener) {
    stateListeners.add(listener);
    return () -> stateListeners.remove(listener);
  }

  /**
   * Checks that the CLI answers.
   *
   * @param message echoed back as {@code "pong: <message>"}
   * @return the answer
   */
  public CompletableFuture<PingResponse> ping(String message) {
    return request("ping", Map.of("message", message), result -> new PingResponse(
        Json.text(result, "message", ""), Json.instant(result, "timestamp"),
        Json.intValue(result, "protocolVersion", 0)));
  }

  /** @return the CLI's version and protocol version */
  public CompletableFuture<ServerStatus> status() {
    return request("status.get", null, CopilotClient::decodeStatus);
  }

  /** @return whether and how the CLI is signed in */
  public CompletableFuture<AuthStatus> authStatus() {
    return request("auth.getStatus", null, result -> new AuthStatus(
        Json.bool(result, "isAuthenticated", false), Json.text(result, "authType"), Json.text(result, "host"),
        Json.text(result, "login"), Json.text(result, "statusMessage")));
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
      CompletableFuture<List<ModelInfo>> fresh = request("models.list", null, CopilotClient::decodeModels);
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
   * Creates a session.
   *
   * <p>A local session's id is chosen here and the session is registered before {@code session.create}
   * is sent, because the CLI emits events for it before it answers. A cloud session's id is assigned
   * by the server: see {@link SessionConfig.Builder#cloud(CloudOptions)}.
   *
   * @param config the session's model, tools, permission handler and other settings
   * @return the session, once the CLI created it
   */
  public CompletableFuture<CopilotSession> createSession(SessionConfig config) {
    if (config.cloud() != null) {
      return createCloudSession(config);
    }
    String id = config.sessionId() != null ? config.sessionId() : UUID.randomUUID().toString();
    return openLocal("session.create", id, config);
  }

  /**
   * Resumes a stored session, with this config's tools and handlers.
   *
   * @param sessionId the session to resume
   * @param config the settings to resume it with
   * @return the session
   */
  public CompletableFuture<CopilotSession> resumeSession(String sessionId, SessionConfig config) {
    return openLocal("session.resume", sessionId, config);
  }

  private CompletableFuture<CopilotSession> openLocal(String method, String id, SessionConfig config) {
    Connection connection = connectedOrNull();
    if (connection == null) {
      return CallbackFuture.failed(executor, notConnected());
    }
    CopilotSession session = new CopilotSession(this, connection.registry, connection.batcher, id, null, config,
        executor);
    try {
      connection.registry.putLive(id, session.endpoint());
    } catch (CopilotException e) {
      return CallbackFuture.failed(executor, e);
    }
    Map<String, Object> params = SessionWire.createParams(config, id);
    CompletableFuture<CopilotSession> created = connection.rpc().request(method, params, options.requestTimeout(),
        result -> {
          String confirmed = Json.text(result, "sessionId", id);
          if (!confirmed.equals(id)) {
            throw new CopilotException("The CLI answered " + method + " for session " + id + " with session "
                + confirmed);
          }
          return session;
        });
    created.whenComplete((ok, error) -> {
      if (error != null) {
        session.endpoint().terminate(asCopilotException(error));
      }
    });
    return created;
  }

  @Experimental
  private CompletableFuture<CopilotSession> createCloudSession(SessionConfig config) {
    Connection connection = connectedOrNull();
    if (connection == null) {
      return CallbackFuture.failed(executor, notConnected());
    }
    SessionRegistry registry = connection.registry;
    String provisionalId = UUID.randomUUID().toString();
    registry.putPending(new PendingCreate(provisionalId,
        realId -> new CopilotSession(this, registry, connection.batcher, realId, provisionalId, config, executor)
            .endpoint()));
    CompletableFuture<CopilotSession> created = connection.rpc().request("session.create",
        SessionWire.cloudCreateParams(config, provisionalId), options.requestTimeout(), result -> {
          String sessionId = Json.text(result, "sessionId");
          if (sessionId == null || sessionId.isBlank()) {
            throw new CopilotException("The cloud session.create response has no sessionId");
          }
          return ((CopilotSession.Endpoint) registry.onCreateResponse(provisionalId, sessionId)).session();
        });
    created.whenComplete((ok, error) -> {
      if (error != null) {
        registry.failPending(provisionalId, asCopilotException(error));
      }
    });
    return created;
  }

  /** @return the sessions the CLI has stored, newest first as the CLI lists them */
  public CompletableFuture<List<SessionMetadata>> listSessions() {
    return request("session.list", null, result -> {
      List<SessionMetadata> sessions = new ArrayList<>();
      for (JsonNode session : result.path("sessions")) {
        sessions.add(SessionWire.metadata(session));
      }
      return List.copyOf(sessions);
    });
  }

  /** @return the id of the most recently used session, or null when there is none */
  public CompletableFuture<@Nullable String> lastSessionId() {
    return request("session.getLastId", null, result -> Json.text(result, "sessionId"));
  }

  /**
   * Reads a stored session's metadata.
   *
   * @param sessionId the session
   * @return its metadata; fails with {@link JsonRpcException} when the CLI does not know it
   */
  public CompletableFuture<SessionMetadata> sessionMetadata(String sessionId) {
    return request("session.getMetadata", Map.of("sessionId", sessionId), result -> {
      JsonNode session = result.get("session");
      if (session == null || !session.isObject()) {
        throw new CopilotException("The CLI has no session " + sessionId);
      }
      return SessionWire.metadata(session);
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
      Connection connection = connectedOrNull();
      SessionEndpoint open = connection == null ? null : connection.registry.live(sessionId);
      if (open instanceof CopilotSession.Endpoint session) {
        session.retire(new CopilotException("Session " + sessionId + " was deleted."), false);
      }
      return null;
    });
  }

  /**
   * Adds a session lifecycle listener.
   *
   * @param listener hears created, updated and deleted notifications (each created and deleted once),
   *     in wire order on the callback executor; a cloud session is materialized before its listener runs
   * @return removes the listener
   */
  public Subscription onLifecycle(SessionLifecycleListener listener) {
    lifecycleListeners.add(listener);
    return () -> lifecycleListeners.remove(listener);
  }

  /**
   * Listens to the events of every session of this client; for instrumentation such as metrics.
   *
   * @param listener called in each session's order, on that session's lane, after the session's own
   *     listeners; it must be quick and thread-safe, since sessions run in parallel
   * @return removes the listener
   */
  public Subscription onSessionEvent(Consumer<? super SessionEvent> listener) {
    sessionEventListeners.add(listener);
    return () -> sessionEventListeners.remove(listener);
  }

  List<Consumer<? super SessionEvent>> sessionEventListeners() {
    return sessionEventListeners;
  }

  /**
   * Observes the events of every session of this client as they arrive: on the SDK's JSON-RPC reader thread, in
   * wire order, before any listener and without a thread hand-off. Meant for metrics and tracing, which then add
   * no thread hand-off per event (a session without listeners needs none at all).
   *
   * <p>An observer holds up the events of every session while it runs: it must return within microseconds,
   * never block, never wait for the client (no {@code join()} on its futures) and be thread-safe. Anything
   * else belongs in {@link #onSessionEvent} or a session listener. An observer that throws is logged and the
   * event goes on.
   *
   * @param observer called on the reader thread for every event of every session (the synthetic
   *     {@link CopilotSession#TERMINATED_ERROR_TYPE} error of a session the client lost comes from the thread that
   *     ends the session)
   * @return removes the observer
   */
  public Subscription observeSessionEvents(Consumer<? super SessionEvent> observer) {
    sessionEventObservers.add(observer);
    return () -> sessionEventObservers.remove(observer);
  }

  List<Consumer<? super SessionEvent>> sessionEventObservers() {
    return sessionEventObservers;
  }

  /** @return the number of open sessions of the current connection */
  public int openSessionCount() {
    Connection connection = connectedOrNull();
    return connection == null ? 0 : connection.registry.liveCount();
  }

  private void publishLifecycle(SessionLifecycleEvent event, LaneBatcher batcher) {
    if (lifecycleListeners.isEmpty() && lifecycleLane.isIdle()) {
      return; // nobody to tell: save the thread hand-off (a plain turn brings several lifecycle notifications)
    }
    batcher.submit(lifecycleLane, () -> {
      for (SessionLifecycleListener listener : lifecycleListeners) {
        try {
          listener.onLifecycle(event);
        } catch (RuntimeException e) {
          log.error("A lifecycle listener threw on {} of session {}", event.type(), event.sessionId(), e);
        }
      }
    });
  }

  private @Nullable Connection connectedOrNull() {
    synchronized (lock) {
      return state == ClientState.CONNECTED ? current : null;
    }
  }

  <T> CompletableFuture<T> request(String method, @Nullable Object params, ResultDecoder<T> decoder) {
    Connection connection = connectedOrNull();
    if (connection == null) {
      return CallbackFuture.failed(executor, notConnected());
    }
    return connection.rpc().request(method, params, options.requestTimeout(), decoder);
  }

  private CopilotException notConnected() {
    Throwable failure = failure();
    ClientState state = state();
    String reason = failure == null ? "" : " It failed: " + failure.getMessage();
    return new CopilotException("The Copilot client is not connected (state " + state + "). Call start() and"
        + " wait for it to complete before sending requests." + reason, failure);
  }

  // ---------------------------------------------------------------- start

  private void runStart(long startGeneration, CompletableFuture<Void> future) {
    long deadline = System.nanoTime() + options.startupTimeout().toNanos();
    Connection connection = null;
    try {
      connection = launch(startGeneration, deadline);
      connection.rpc().start();
      connection.server = handshake(connection, deadline);
      synchronized (lock) {
        if (state == ClientState.STARTING && generation == startGeneration) {
          current = connection;
          long sweep = Math.max(1, options.earlyEventTtl().toMillis() / 2);
          SessionRegistry registry = connection.registry;
          connection.earlyExpiry = SdkThreads.timer().scheduleWithFixedDelay(registry::expireEarly, sweep, sweep,
              TimeUnit.MILLISECONDS);
          setState(ClientState.CONNECTED, null);
          log.info("Connected to Copilot CLI {} (protocol {}){}", connection.server.version(),
              connection.server.protocolVersion(),
              connection.process != null ? " pid " + connection.process.pid() : "");
          if (restart != null) {
            log.info("Restarted the Copilot CLI after losing it (attempt {} of {})", restart.attempt,
                options.restartPolicy().maxAttempts());
            restart = null;
          }
          connection = null;
        }
      }
      if (connection != null) {
        shutDown(connection, false);
        future.completeExceptionally(new CopilotException("The Copilot client was stopped while starting."));
        return;
      }
      future.complete(null);
    } catch (Throwable t) {
      CopilotException error = asCopilotException(t);
      if (connection != null) {
        shutDown(connection, false);
      }
      RestartRun retry = null;
      synchronized (lock) {
        if (state == ClientState.STARTING && generation == startGeneration) {
          failure = error;
          setState(ClientState.FAILED, error);
          RestartRun run = restart;
          if (run != null) {
            if (run.attempt < options.restartPolicy().maxAttempts()) {
              retry = run;
            } else {
              restart = null;
              log.error("Gave up restarting the Copilot CLI after {} failed attempt(s); the client stays FAILED."
                  + " Last failure: {}", run.attempt, error.getMessage());
            }
          }
        }
      }
      log.warn("Starting the Copilot client failed: {}", error.getMessage());
      future.completeExceptionally(error);
      if (retry != null) {
        scheduleRestart(retry);
      }
    }
  }

  private Connection launch(long connectionGeneration, long deadline) {
    Connection connection = new Connection(connectionGeneration);
    Transport transport;
    String serverHost = options.serverHost();
    String connectionToken = options.connectionToken();
    if (serverHost != null) {
      transport = SocketTransport.connect(serverHost, options.serverPort(), remaining(deadline), null);
    } else {
      Map<String, String> env = new HashMap<>(options.environment());
      List<String> command = command(env);
      boolean tcp = options.transport() == TransportMode.TCP;
      if (tcp) {
        if (connectionToken == null) {
          connectionToken = randomToken();
        }
        env.put(CopilotClientOptions.CONNECTION_TOKEN_ENV, connectionToken);
      }
      CliProcess process = CliProcess.spawn(command, env, options.inheritEnvironment(), options.workingDirectory(),
          tcp);
      connection.process = process;
      try {
        if (tcp) {
          int port = process.awaitListeningPort(remaining(deadline));
          transport = SocketTransport.connect("127.0.0.1", port, remaining(deadline),
              error -> process.describeEnd(error, Duration.ofMillis(500)));
        } else {
          transport = new StdioTransport(process);
        }
      } catch (RuntimeException e) {
        process.kill();
        throw e;
      }
    }
    connection.connectionToken = connectionToken;
    connection.rpc = new JsonRpcConnection("copilot-rpc", transport, new ConnectionListener(connection), executor,
        options.maxFrameBytes());
    return connection;
  }

  /** The command line; the token goes into {@code env}, never into the arguments. */
  private List<String> command(Map<String, String> env) {
    Map<String, String> lookupEnv = new HashMap<>(options.inheritEnvironment() ? System.getenv() : Map.of());
    lookupEnv.putAll(options.environment());
    List<String> command = new ArrayList<>();
    command.add(CliLocator.locate(options.cliPath(), lookupEnv).toString());
    command.add("--headless");
    command.add("--no-auto-update");
    command.add("--log-level");
    command.add(options.logLevel().flagValue());
    if (options.transport() == TransportMode.STDIO) {
      command.add("--stdio");
    } else if (options.port() > 0) {
      command.add("--port");
      command.add(Integer.toString(options.port()));
    }
    String token = options.githubToken();
    if (token != null) {
      env.put(CopilotClientOptions.AUTH_TOKEN_ENV, token);
      command.add("--auth-token-env");
      command.add(CopilotClientOptions.AUTH_TOKEN_ENV);
    }
    Boolean loggedInUser = options.useLoggedInUser();
    if (loggedInUser != null ? !loggedInUser : token != null) {
      command.add("--no-auto-login");
    }
    command.addAll(options.cliArgs());
    return command;
  }

  private ServerStatus handshake(Connection connection, long deadline) throws Exception {
    JsonRpcConnection rpc = connection.rpc();
    Map<String, Object> params = new HashMap<>();
    String token = connection.connectionToken;
    if (token != null) {
      params.put("token", token);
    }
    ServerStatus server;
    try {
      server = await(rpc.request("connect", params, remaining(deadline), CopilotClient::decodeConnect), deadline);
    } catch (JsonRpcException e) {
      if (e.code() != JsonRpcException.METHOD_NOT_FOUND) {
        throw e;
      }
      // CLIs before 'connect' existed report their protocol version in ping
      PingResponse pong = await(rpc.request("ping", Map.of("message", "connect"), remaining(deadline),
          result -> new PingResponse(Json.text(result, "message", ""), null,
              Json.intValue(result, "protocolVersion", 0))), deadline);
      server = new ServerStatus("unknown", pong.protocolVersion());
    }
    if (server.protocolVersion() != PROTOCOL_VERSION) {
      throw new ProtocolVersionMismatchException(PROTOCOL_VERSION, server.protocolVersion(), server.version());
    }
    return server;
  }

  private static <T> T await(CompletableFuture<T> future, long deadline) throws Exception {
    try {
      return future.get(Math.max(1, remaining(deadline).toMillis()), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ? (Exception) cause : e;
    } catch (TimeoutException e) {
      throw new CopilotException("The Copilot CLI did not complete the handshake in time; raise"
          + " CopilotClientOptions.startupTimeout (the first start on a machine unpacks the CLI, about 1 s).", e);
    }
  }

  private static Duration remaining(long deadline) {
    long nanos = deadline - System.nanoTime();
    if (nanos <= 0) {
      throw new CopilotException("The Copilot CLI did not start within the startup timeout; raise"
          + " CopilotClientOptions.startupTimeout or check the CLI's log.");
    }
    return Duration.ofNanos(nanos);
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  // ---------------------------------------------------------------- stop and failure

  private void shutDown(Connection connection, boolean graceful) {
    JsonRpcConnection rpc = connection.rpc;
    CliProcess process = connection.process;
    if (graceful && process != null && rpc != null && rpc.isOpen()) {
      try {
        rpc.request("runtime.shutdown", null, SHUTDOWN_REQUEST_TIMEOUT, ResultDecoder.TREE)
            .get(SHUTDOWN_REQUEST_TIMEOUT.toMillis() + 100, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        log.debug("runtime.shutdown was not answered; closing stdin anyway: {}", e.toString());
      }
    }
    ConnectionClosedException stopped = new ConnectionClosedException(
        "The Copilot client was stopped; the request was not answered.", null, "", null);
    if (rpc != null) {
      rpc.close(stopped);
    }
    retire(connection, stopped);
    if (process != null) {
      if (graceful) {
        if (!process.stop(options.shutdownTimeout())) {
          log.error("Copilot CLI pid {} is still running after SIGKILL", process.pid());
        }
      } else {
        process.kill();
        try {
          process.onExit().get(options.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          log.error("Copilot CLI pid {} did not exit after SIGKILL", process.pid());
        }
      }
    }
  }

  private void onConnectionClosed(Connection connection, CopilotException cause) {
    boolean failed = false;
    RestartRun run = null;
    synchronized (lock) {
      if (current == connection && state == ClientState.CONNECTED) {
        failure = cause;
        setState(ClientState.FAILED, cause);
        failed = true;
        // the JVM's exit kills every CLI: that is not a loss to restart from
        if (options.restartPolicy().enabled() && !CliProcess.jvmShuttingDown()) {
          run = new RestartRun();
          restart = run;
        }
      }
    }
    if (failed) {
      log.error("Lost the Copilot CLI: {}", cause.getMessage());
      retire(connection, cause);
      models.set(null);
      CliProcess process = connection.process;
      if (process != null && process.isAlive()) {
        process.kill(); // the connection is gone; a CLI left running would be an orphan
      }
      if (run != null) {
        // after retire: the dead CLI's sessions are terminated before a new CLI can exist
        scheduleRestart(run);
      }
    }
  }

  // ---------------------------------------------------------------- restart policy

  /** Schedules the next attempt of an automatic restart, unless it was cancelled meanwhile. */
  private void scheduleRestart(RestartRun run) {
    synchronized (lock) {
      if (restart != run) {
        return;
      }
      int next = run.attempt + 1;
      Duration wait = options.restartPolicy().backoff(next);
      log.warn("Restarting the Copilot CLI in {} ms (attempt {} of {})", wait.toMillis(), next,
          options.restartPolicy().maxAttempts());
      run.timer = SdkThreads.timer().schedule(() -> runRestart(run), wait.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** On the timer: starts the attempt, as {@link #start()} would, unless stopped or started by hand meanwhile. */
  private void runRestart(RestartRun run) {
    CallbackFuture<Void> future;
    long restartGeneration;
    synchronized (lock) {
      if (restart != run || state != ClientState.FAILED) {
        return;
      }
      run.attempt++;
      run.timer = null;
      future = new CallbackFuture<>(executor);
      startFuture = future;
      failure = null;
      restartGeneration = ++generation;
      setState(ClientState.STARTING, null);
    }
    SdkThreads.startDaemon("copilot-client-restart", () -> runStart(restartGeneration, future));
  }

  // guarded by lock
  private void cancelRestart() {
    RestartRun run = restart;
    if (run == null) {
      return;
    }
    restart = null;
    ScheduledFuture<?> timer = run.timer;
    if (timer != null) {
      timer.cancel(false);
      log.info("Cancelled the pending restart of the Copilot CLI");
    }
  }

  /** Ends what a connection holds beyond its socket: every session, the early-event sweep. */
  private static void retire(Connection connection, CopilotException cause) {
    ScheduledFuture<?> expiry = connection.earlyExpiry;
    if (expiry != null) {
      expiry.cancel(false);
    }
    connection.registry.clear(cause);
  }

  private void setState(ClientState next, @Nullable Throwable cause) {
    ClientState previous = state;
    state = next;
    if (previous == next) {
      return;
    }
    ClientStateChange change = new ClientStateChange(previous, next, cause);
    stateLane.execute(() -> {
      for (ClientStateListener listener : stateListeners) {
        try {
          listener.onStateChanged(change);
        } catch (RuntimeException e) {
          log.error("A client state listener threw on {} -> {}; the other listeners still run", previous, next, e);
        }
      }
    });
  }

  private static CopilotException asCopilotException(Throwable t) {
    if (t instanceof CopilotException) {
      return (CopilotException) t;
    }
    return new CopilotException("Starting the Copilot client failed: " + t, t);
  }

  // ---------------------------------------------------------------- decoding

  private static ServerStatus decodeStatus(JsonNode result) {
    return new ServerStatus(Json.text(result, "version", "unknown"), Json.intValue(result, "protocolVersion", 0));
  }

  private static ServerStatus decodeConnect(JsonNode result) {
    if (!Json.bool(result, "ok", true)) {
      throw new CopilotException("The Copilot CLI refused the connection: " + result);
    }
    return decodeStatus(result);
  }

  private static List<ModelInfo> decodeModels(JsonNode result) {
    List<ModelInfo> list = new ArrayList<>();
    for (JsonNode model : result.path("models")) {
      JsonNode capabilities = model.path("capabilities");
      JsonNode supports = capabilities.path("supports");
      JsonNode window = capabilities.path("limits").path("max_context_window_tokens");
      String id = Json.text(model, "id", "");
      list.add(new ModelInfo(id, Json.text(model, "name", id), Json.bool(supports, "vision", false),
          Json.bool(supports, "reasoningEffort", false), window.isNumber() ? window.intValue() : null));
    }
    return List.copyOf(list);
  }


  /** An automatic restart after an unexpected loss, from the loss until it succeeds, gives up or is cancelled. */
  private static final class RestartRun {
    // guarded by the client's lock
    int attempt; // attempts started so far
    @Nullable ScheduledFuture<?> timer;
  }

  /** One start's worth of resources: the process (if spawned), the connection and what the handshake said. */
  private final class Connection {
    final long generation;
    final SessionRegistry registry = new SessionRegistry(options.earlyEventBufferSize(), 256,
        options.earlyEventTtl(), System::nanoTime);
    /** Starts the lanes the reader thread fills, once per burst of buffered frames. */
    final LaneBatcher batcher = new LaneBatcher();
    final NotificationRouter router = new NotificationRouter(registry, event -> publishLifecycle(event, batcher));
    @Nullable ScheduledFuture<?> earlyExpiry;
    @Nullable CliProcess process;
    @Nullable JsonRpcConnection rpc;
    @Nullable String connectionToken;
    ServerStatus server = new ServerStatus("unknown", 0);

    Connection(long generation) {
      this.generation = generation;
    }

    JsonRpcConnection rpc() {
      JsonRpcConnection connection = rpc;
      if (connection == null) {
        throw new IllegalStateException("connection not launched");
      }
      return connection;
    }
  }

  private final class ConnectionListener implements JsonRpcConnection.Listener {
    private final Connection connection;

    ConnectionListener(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void onNotification(String method, JsonNode params) {
      connection.router.route(method, params);
    }

    @Override
    public void onReaderStart() {
      connection.batcher.bindToCurrentThread();
    }

    @Override
    public void beforeRead() {
      connection.batcher.flush();
    }

    @Override
    public void onClosed(CopilotException cause) {
      onConnectionClosed(connection, cause);
    }
  }
}
