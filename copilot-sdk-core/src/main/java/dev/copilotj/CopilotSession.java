package dev.copilotj;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.EventInfo;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.PermissionRequestedEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.internal.concurrent.CallbackFuture;
import dev.copilotj.internal.concurrent.LaneBatcher;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.concurrent.SerialLane;
import dev.copilotj.internal.event.SessionEventDecoder;
import dev.copilotj.internal.session.IdleWatch;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.internal.session.SessionHost;
import dev.copilotj.internal.turn.TurnRules;
import dev.copilotj.internal.turn.TurnTracker;
import dev.copilotj.internal.turn.TurnWaiter;
import dev.copilotj.tool.PermissionDecision;
import dev.copilotj.tool.PermissionRequest;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolInvocation;
import dev.copilotj.tool.ToolResult;
import dev.copilotj.turn.TurnListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conversation with the Copilot agent, living in the CLI. Get one from
 * {@link CopilotClient#createSession(SessionConfig)} or {@link CopilotClient#resumeSession(String, SessionConfig)}.
 *
 * <p>Events arrive in order on the client's callback executor, one at a time per session; a slow or
 * throwing listener delays only this session. The session answers the CLI's tool and permission
 * requests itself, with the tools and permission handler of its {@link SessionConfig}.
 *
 * <pre>{@code
 * CopilotSession session = client.createSession(SessionConfig.defaults()).join();
 * session.on(AssistantMessageEvent.class, m -> System.out.println(m.content()));
 * AssistantMessageEvent answer = session.sendAndWait("Hello", Duration.ofSeconds(60)).join();
 * }</pre>
 */
public final class CopilotSession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CopilotSession.class);
  private static final SessionEventDecoder DECODER = new SessionEventDecoder();
  /**
   * The error type of the synthetic {@link SessionErrorEvent} a session gets when its client stops or loses the
   * CLI; closing or deleting a session yourself ends it quietly.
   */
  public static final String TERMINATED_ERROR_TYPE = "client.terminated";
  /**
   * The error type of the synthetic {@link SessionErrorEvent} that ends a cloud session whose create failed after the
   * server had announced it: the caller never gets the session, but its config's listeners heard its events.
   */
  @Experimental
  public static final String CREATE_FAILED_ERROR_TYPE = "client.createFailed";
  private static final Map<String, String> APPROVE_ONCE = Map.of("kind", "approve-once");
  private static final Map<String, String> USER_NOT_AVAILABLE = Map.of("kind", "user-not-available");

  private final SessionHost host;
  private final LaneBatcher batcher;
  private final String id;
  private final @Nullable String clientSessionId;
  // replaced on the reader thread when a resume of this open session is answered; an event is handled with the
  // settings current when it arrived, so the switch falls at one point of the wire order
  private volatile Settings settings;
  private final Executor executor;
  private final SerialLane lane;
  private final List<Listener<?>> listeners = new CopyOnWriteArrayList<>();
  private final Set<TurnWaiter> waiters = ConcurrentHashMap.newKeySet();
  private final TurnTracker turns;
  private final Endpoint endpoint = new Endpoint();
  private final AtomicReference<@Nullable CopilotException> terminated = new AtomicReference<>();
  private final @Nullable IdleWatch idle;

  CopilotSession(SessionHost host, String id, @Nullable String clientSessionId, SessionConfig config) {
    this.host = host;
    this.batcher = host.batcher();
    this.clientSessionId = clientSessionId;
    this.id = id;
    this.settings = new Settings(config);
    this.executor = host.executor();
    this.lane = new SerialLane("session " + id, executor);
    this.turns = new TurnTracker(id, System::nanoTime);
    Duration idleTimeout = host.sessionIdleTimeout();
    this.idle = idleTimeout == null ? null : new IdleWatch(idleTimeout, () -> closeIdle(idleTimeout));
  }

  /** The idle time-out fired: the CLI ends the session (its history stays stored), then listeners hear why. */
  private void closeIdle(Duration timeout) {
    SessionClosedException cause = new SessionClosedException(id, "Session " + id + " was closed after "
        + timeout.toMillis() + " ms without a prompt (CopilotClientOptions.sessionIdleTimeout); resume it with"
        + " CopilotClient.resumeSession to go on with its history.");
    log.debug("Closing idle session {}", id);
    host.request("session.destroy", Map.of("sessionId", id), ignored -> null)
        .whenComplete((ok, error) -> endpoint.retire(cause, true));
  }

  /** @return the session's id (for a cloud session, the one the server assigned) */
  public String id() {
    return id;
  }

  /** @return for a cloud session, the provisional id the client made for its create; null for local sessions */
  @Experimental
  public @Nullable String clientSessionId() {
    return clientSessionId;
  }

  /**
   * The configuration in force: the one the session was opened with, or the one of the latest
   * {@link CopilotClient#resumeSession(String, SessionConfig)} of this open session.
   *
   * @return the configuration
   */
  public SessionConfig config() {
    return settings.config;
  }

  /** @return whether the session is gone: closed, deleted, or its client stopped or lost the CLI */
  public boolean isTerminated() {
    return terminated.get() != null;
  }

  /**
   * Listens to every event of this session.
   *
   * @param listener called in order on the callback executor
   * @return removes the listener
   */
  public Subscription on(Consumer<? super SessionEvent> listener) {
    return on(SessionEvent.class, listener);
  }

  /**
   * Listens to one type of event.
   *
   * @param type the event type, for example {@code AssistantMessageEvent.class}
   * @param listener called in order on the callback executor
   * @param <T> the event type
   * @return removes the listener
   */
  public <T extends SessionEvent> Subscription on(Class<T> type, Consumer<? super T> listener) {
    Listener<T> entry = new Listener<>(type, listener);
    listeners.add(entry);
    return () -> listeners.remove(entry);
  }

  /**
   * Sends a prompt; the turn goes on in events.
   *
   * @param prompt the user's message, at most {@link CopilotClientOptions#maxPromptChars()} characters
   * @return the user message's id; fails at once, sending nothing, when the prompt is longer than that
   */
  public CompletableFuture<String> send(String prompt) {
    CopilotException gone = terminated.get();
    if (gone != null) {
      return CallbackFuture.failed(executor, gone);
    }
    int limit = host.maxPromptChars();
    if (prompt.length() > limit) {
      return CallbackFuture.failed(executor, new CopilotException("The prompt has " + prompt.length()
          + " characters, more than the limit of " + limit + " (CopilotClientOptions.maxPromptChars); nothing was"
          + " sent and session " + id + " is unchanged. Shorten the prompt or send it in parts. (The CLI would"
          + " keep a prompt over the model's token budget in the session's history and fail every later turn.)"));
    }
    if (idle != null) {
      idle.turnRunning(true);
    }
    CompletableFuture<String> sent = host.request("session.send", Map.of("sessionId", id, "prompt", prompt),
        result -> result.path("messageId").asText(""));
    if (idle != null) {
      CallbackFuture.onCompletionInline(sent, (messageId, error) -> {
        if (error != null) {
          idle.turnRunning(false);
        }
      });
    }
    return sent;
  }

  /**
   * Sends a prompt and waits for the turn to finish ({@code session.idle}).
   *
   * @param prompt the user's message
   * @param timeout how long the turn may take; when it runs out the turn is aborted and the future
   *     fails with a {@link CopilotException} saying so
   * @return the turn's last assistant message (null if the turn produced none); fails on
   *     {@code session.error} with its message
   */
  public CompletableFuture<@Nullable AssistantMessageEvent> sendAndWait(String prompt, Duration timeout) {
    CallbackFuture<@Nullable AssistantMessageEvent> turn = new CallbackFuture<>(executor);
    TurnWaiter waiter = new TurnWaiter(id, turn);
    CopilotException gone = terminated.get();
    if (gone != null) {
      turn.completeExceptionally(gone);
      return turn;
    }
    waiters.add(waiter);
    ScheduledFuture<?> timer = SdkThreads.timer().schedule(() -> {
      if (turn.completeExceptionally(new TurnTimeoutException(id, timeout))) {
        abort().exceptionally(error -> null);
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    // bookkeeping only, so it runs where the futures complete instead of costing a thread hand-off each
    turn.onCompletionInline((result, error) -> {
      timer.cancel(false);
      waiters.remove(waiter);
    });
    CallbackFuture.onCompletionInline(send(prompt), (messageId, error) -> {
      if (error != null) {
        turn.completeExceptionally(error);
      } else {
        waiter.arm(messageId);
      }
    });
    return turn;
  }

  /**
   * Aborts the current turn.
   *
   * @return completes when the CLI accepted the abort
   */
  public CompletableFuture<Void> abort() {
    return host.request("session.abort", Map.of("sessionId", id), result -> null);
  }

  /**
   * Reads the session's persisted history (ephemeral events such as deltas and idle are not kept).
   *
   * @return the events, oldest first
   */
  public CompletableFuture<List<SessionEvent>> messages() {
    return host.request("session.getMessages", Map.of("sessionId", id), result -> {
      List<SessionEvent> events = new ArrayList<>();
      for (JsonNode event : result.path("events")) {
        events.add(DECODER.decode(id, event));
      }
      return List.copyOf(events);
    });
  }

  /**
   * Ends the session in the CLI ({@code session.destroy}); the session's history stays stored and can be
   * resumed. Listeners hear nothing more.
   *
   * @return completes when the CLI confirmed
   */
  public CompletableFuture<Void> destroy() {
    if (terminated.get() != null) {
      return CallbackFuture.completed(executor, null);
    }
    CopilotException closed = new SessionClosedException(id, false);
    // ended before the future completes, so a caller that waited for it sees isTerminated(); quietly, as a
    // close by the user is no error
    CompletableFuture<Void> result = host.request("session.destroy", Map.of("sessionId", id), ignored -> {
      endpoint.retire(closed, false);
      return null;
    });
    result.whenComplete((ok, error) -> endpoint.retire(closed, false));
    return result;
  }

  /** Destroys the session, waiting up to the client's request timeout; errors are logged, not thrown. */
  @Override
  public void close() {
    try {
      destroy().get(host.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.debug("Closing session {} did not complete cleanly: {}", id, e.toString());
      endpoint.retire(new SessionClosedException(id, false), false);
    }
  }

  SessionEndpoint endpoint() {
    return endpoint;
  }

  // ------------------------------------------------------------ inside the lane

  private void handle(SessionEvent event, Settings current) {
    if (idle != null) {
      if (event instanceof SessionIdleEvent) {
        idle.turnRunning(false);
      } else {
        idle.touch();
      }
    }
    startRequestedWork(event, current);
    dispatch(event, current);
    // after the listeners, so a caller woken by sendAndWait finds them up to date
    feedWaiters(event);
  }

  private void startRequestedWork(SessionEvent event, Settings current) {
    if (event instanceof PermissionRequestedEvent permission) {
      executor.execute(() -> answerPermission(permission, current));
    } else if (event instanceof ExternalToolRequestedEvent toolCall) {
      executor.execute(() -> runTool(toolCall, current));
    }
  }

  private void feedWaiters(SessionEvent event) {
    for (TurnWaiter waiter : waiters) {
      waiter.onEvent(event);
    }
  }

  /**
   * Takes one event on the reader thread. The turn tracker and observers see it here. With listeners, or with
   * earlier events still in the lane, it goes on through the lane. Otherwise only the SDK's own work remains, which
   * never blocks: it runs right here, which saves a thread hand-off per event, and without observers most events
   * then cost no more than a look at their type.
   */
  private void receive(JsonNode raw) {
    Settings current = settings;
    boolean viaLane = !listeners.isEmpty() || !current.listeners.isEmpty() || !host.clientListeners().isEmpty()
        || !lane.isIdle();
    List<Consumer<? super SessionEvent>> observers = host.clientObservers();
    List<TurnListener> turnListeners = host.turnListeners();
    boolean tracking = !turnListeners.isEmpty() || turns.isOpen();
    if (!viaLane && observers.isEmpty() && !neededHere(raw.path("type").textValue(), tracking)) {
      return;
    }
    SessionEvent event = DECODER.decode(id, raw);
    if (tracking) {
      turns.accept(event, turnListeners);
    }
    observe(event, observers);
    if (viaLane) {
      batcher.submit(lane, () -> handle(event, current));
    } else {
      startRequestedWork(event, current);
      feedWaiters(event); // completes futures only: their dependent stages run on the callback executor
    }
  }

  private void observe(SessionEvent event, List<Consumer<? super SessionEvent>> observers) {
    for (Consumer<? super SessionEvent> observer : observers) {
      try {
        observer.accept(event);
      } catch (RuntimeException e) {
        log.error("A session event observer threw on {} of session {}; the event goes on", event.type(), id, e);
      }
    }
  }

  /**
   * Whether the SDK itself acts on an event of this type: a waiting turn's events, the turn tracker's (while it is
   * fed), permission and tool requests.
   */
  private boolean neededHere(@Nullable String type, boolean tracking) {
    return (!waiters.isEmpty() && TurnWaiter.follows(type)) || (tracking && TurnRules.tracked(type))
        || PermissionRequestedEvent.TYPE.equals(type) || ExternalToolRequestedEvent.TYPE.equals(type);
  }

  private void dispatch(SessionEvent event, Settings current) {
    for (Listener<?> listener : current.listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.error("A listener of session {} threw on {}; other listeners still run", id, event.type(), e);
      }
    }
    for (Listener<?> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.error("A listener of session {} threw on {}; other listeners still run", id, event.type(), e);
      }
    }
    for (Consumer<? super SessionEvent> listener : host.clientListeners()) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.error("A client-wide session listener threw on {} of session {}", event.type(), id, e);
      }
    }
  }

  private void answerPermission(PermissionRequestedEvent event, Settings current) {
    String toolName = event.toolName();
    boolean customTool = PermissionRequest.KIND_CUSTOM_TOOL.equals(event.kind()) && toolName != null;
    if (customTool && !current.tools.containsKey(toolName)) {
      // a client tool another client of this session registered: that client decides, as it runs the tool
      log.debug("Session {} leaves permission request {} for tool '{}' to the client that registered the tool", id,
          event.requestId(), toolName);
      return;
    }
    boolean registered = customTool;
    PermissionRequest request = new PermissionRequest(id, event.requestId(), event.kind(), toolName,
        event.toolCallId(), event.argsJson() != null ? event.argsJson() : "{}", registered,
        event.permissionRequestJson());
    String forTool = toolName != null ? " for tool " + toolName : "";
    Map<String, String> answer;
    try {
      PermissionDecision decision = current.config.permissionHandler().decide(request);
      if (decision == null) {
        throw new IllegalStateException("the permission handler returned null instead of a PermissionDecision");
      }
      if (!decision.approved()) {
        log.info("Session {} denied a '{}' permission request{}: {}", id, event.kind(), forTool, decision.reason());
      }
      answer = decision.approved() ? APPROVE_ONCE : reject(decision.reason());
    } catch (Exception e) {
      // a broken handler is no user's "no": the CLI tells the agent nobody could confirm, and the turn goes on
      log.warn("The permission handler of session {} failed on a '{}' request{}; answering that no user is"
          + " available", id, event.kind(), forTool, e);
      answer = USER_NOT_AVAILABLE;
    }
    Map<String, Object> params = Map.of("sessionId", id, "requestId", event.requestId(), "result", answer);
    CallbackFuture.onCompletionInline(
        host.request("session.permissions.handlePendingPermissionRequest", params, result -> null),
        (ok, error) -> {
          if (error != null) {
            log.warn("Could not answer permission request {} of session {}: {}", event.requestId(), id,
                error.getMessage());
          }
        });
  }

  private void runTool(ExternalToolRequestedEvent event, Settings current) {
    ToolDefinition tool = current.tools.get(event.toolName());
    if (tool == null) {
      // the request is broadcast to every client of the session: the one that registered the tool answers
      log.debug("Session {} leaves tool call {} of '{}' to the client that registered the tool", id,
          event.requestId(), event.toolName());
      return;
    }
    Map<String, Object> params = new HashMap<>();
    params.put("sessionId", id);
    params.put("requestId", event.requestId());
    String arguments = event.argumentsJson() != null ? event.argumentsJson() : "{}";
    try {
      ToolResult result = tool.handler().handle(
          new ToolInvocation(id, event.toolCallId(), event.toolName(), arguments));
      if (result == null) {
        result = ToolResult.text("");
      }
      params.put("result", result.success() ? result.text() : failureResult(result.text()));
    } catch (Exception e) {
      // the protocol's error answer: the CLI tells the model only that the tool failed. The exception's message
      // may hold the application's internals, so it stays in this log and never leaves the process.
      log.warn("Tool '{}' of session {} failed: {}", event.toolName(), id, CopilotException.describe(e), e);
      params.put("error", "Tool '" + event.toolName() + "' failed in the application; the details are in"
          + " its log.");
    }
    CallbackFuture.onCompletionInline(host.request("session.tools.handlePendingToolCall", params, ignored -> null),
        (ok, error) -> {
          if (error != null) {
            log.warn("Could not return the result of tool '{}' to session {}: {}", event.toolName(), id,
                error.getMessage());
          }
        });
  }

  /** The protocol's reject, with the handler's reason as the feedback the agent gets. */
  private static Map<String, String> reject(@Nullable String reason) {
    return reason == null || reason.isBlank() ? Map.of("kind", "reject") : Map.of("kind", "reject", "feedback", reason);
  }

  /** A failure the handler chose to show the model, in the protocol's expanded result form. */
  private static Map<String, Object> failureResult(String text) {
    return Map.of("textResultForLlm", text, "resultType", "failure", "error", text);
  }

  /** Applies the config of an answered resume of this open session; reader thread, in wire order. */
  void reconfigure(SessionConfig config) {
    settings = new Settings(config);
  }

  @Override
  public String toString() {
    return "CopilotSession{" + id + "}";
  }

  /** The registry's side of this session: takes events in wire order, hands user code to the lane. */
  final class Endpoint implements SessionEndpoint {

    CopilotSession session() {
      return CopilotSession.this;
    }

    @Override
    public void deliver(JsonNode event) {
      receive(event);
    }

    @Override
    public void terminate(CopilotException cause) {
      retire(cause, true);
    }

    @Override
    public void createFailed(CopilotException cause) {
      retire(cause, true, CREATE_FAILED_ERROR_TYPE);
    }

    @Override
    public void runInOrder(Runnable task) {
      batcher.submit(lane, task);
    }

    /**
     * Ends the session: later sends fail with {@code cause}, waiting turns fail, the registry forgets it.
     *
     * @param announce whether listeners get a terminal {@link SessionErrorEvent}: yes when the client lost the
     *     session, no when the user closed or deleted it
     */
    void retire(CopilotException cause, boolean announce) {
      retire(cause, announce, TERMINATED_ERROR_TYPE);
    }

    private void retire(CopilotException cause, boolean announce, String errorType) {
      // no monitor held while taking the registry's lock: the registry may call this under its lock
      if (!terminated.compareAndSet(null, cause)) {
        return;
      }
      if (idle != null) {
        idle.stop();
      }
      host.forget(id, this);
      lane.execute(() -> {
        for (TurnWaiter waiter : waiters) {
          waiter.future().completeExceptionally(cause);
        }
        // closed, deleted or lost alike: no idle will end an open turn now
        turns.terminate(errorType, cause.getMessage(), host.turnListeners());
        if (announce) {
          SessionErrorEvent terminal = new SessionErrorEvent(new EventInfo(id, "", null, Instant.now(), true),
              errorType, cause.getMessage(), null, null, null);
          observe(terminal, host.clientObservers());
          dispatch(terminal, settings);
        }
      });
    }
  }

  /** What a session answers with: its config, the config's tools by name and the config's listeners. */
  private static final class Settings {
    final SessionConfig config;
    final Map<String, ToolDefinition> tools = new HashMap<>();
    final List<Listener<?>> listeners;

    Settings(SessionConfig config) {
      this.config = config;
      config.tools().forEach(tool -> tools.put(tool.name(), tool));
      // most sessions have no config listeners: no list of their own then (it is per session, on the heap)
      this.listeners = config.listeners().isEmpty() ? List.of()
          : config.listeners().stream().<Listener<?>>map(listener -> new Listener<>(SessionEvent.class, listener))
              .toList();
    }
  }

  private static final class Listener<T extends SessionEvent> {
    private final Class<T> type;
    private final Consumer<? super T> consumer;

    Listener(Class<T> type, Consumer<? super T> consumer) {
      this.type = type;
      this.consumer = consumer;
    }

    void accept(SessionEvent event) {
      if (type.isInstance(event)) {
        consumer.accept(type.cast(event));
      }
    }
  }
}
