package dev.copilotj.samples.chat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.copilotj.CloudOptions;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.Subscription;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.ToolRequest;
import dev.copilotj.event.UserMessageEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chats of this application: one Copilot session each, created with the client's defaults (the
 * {@code copilot.session.*} properties, the {@code order_status} tool bean and the permission policy bean) plus
 * streaming and a listener that forwards the session's events to the browser tabs showing it, as server-sent
 * events:
 *
 * <table>
 * <caption>Server-sent events of a chat</caption>
 * <tr><th>event</th><th>from</th><th>data</th></tr>
 * <tr><td>{@code ready}</td><td>subscribing</td><td>{@code sessionId}</td></tr>
 * <tr><td>{@code user}</td><td>{@link UserMessageEvent}</td><td>{@code content}</td></tr>
 * <tr><td>{@code delta}</td><td>{@link AssistantMessageDeltaEvent}</td><td>{@code messageId}, {@code text}</td></tr>
 * <tr><td>{@code message}</td><td>{@link AssistantMessageEvent}</td><td>{@code messageId}, {@code content},
 * {@code toolRequests}</td></tr>
 * <tr><td>{@code tool-start}</td><td>{@link ToolExecutionStartEvent}</td><td>{@code toolCallId},
 * {@code toolName}, {@code arguments}</td></tr>
 * <tr><td>{@code tool-complete}</td><td>{@link ToolExecutionCompleteEvent}</td><td>{@code toolCallId},
 * {@code toolName}, {@code success}, {@code result}, {@code error}</td></tr>
 * <tr><td>{@code session-error}</td><td>{@link SessionErrorEvent}</td><td>{@code errorType}, {@code message},
 * {@code statusCode}</td></tr>
 * <tr><td>{@code idle}</td><td>{@link SessionIdleEvent}</td><td>{@code sessionId}</td></tr>
 * <tr><td>{@code done}</td><td>end of a streamed REST turn</td><td>a {@link TurnResult}</td></tr>
 * </table>
 */
@Service
public class ChatService {

  private static final Logger log = LoggerFactory.getLogger(ChatService.class);

  private final CopilotClient client;
  private final LiveSessions liveSessions;
  private final Duration turnTimeout;
  private final Map<String, Chat> chats = new ConcurrentHashMap<>();

  /**
   * Creates the service.
   *
   * @param client the auto-configured client
   * @param liveSessions the session panel's registry, labelled with first prompts
   * @param turnTimeout how long one turn may take
   */
  public ChatService(CopilotClient client, LiveSessions liveSessions,
      @Value("${chat.turn-timeout:PT2M}") Duration turnTimeout) {
    this.client = client;
    this.liveSessions = liveSessions;
    this.turnTimeout = turnTimeout;
  }

  /**
   * One tool call of a turn.
   *
   * @param toolCallId the model's id of the call
   * @param toolName the tool
   * @param arguments the arguments as JSON text
   * @param success whether it succeeded; null while it runs
   * @param result what it returned (or its error)
   */
  public record ToolCall(String toolCallId, String toolName, @Nullable String arguments, @Nullable Boolean success,
      @Nullable String result) {
  }

  /**
   * The outcome of a turn.
   *
   * @param sessionId the session
   * @param answer the last assistant message, or null when the turn failed or produced none
   * @param toolCalls the tool calls of the turn, in order
   * @param error why the turn failed, or null
   */
  public record TurnResult(String sessionId, @Nullable String answer, List<ToolCall> toolCalls,
      @Nullable String error) {
  }

  /**
   * One entry of a session's history.
   *
   * @param type the event type, for example {@code user.message} or {@code tool.execution_start}
   * @param timestamp when it happened
   * @param content the message text, tool result or error message
   * @param toolName the tool, for tool events
   * @param toolCallId the tool call, for tool events
   * @param success whether a tool call succeeded, for {@code tool.execution_complete}
   */
  public record HistoryItem(String type, Instant timestamp, @Nullable String content, @Nullable String toolName,
      @Nullable String toolCallId, @Nullable Boolean success) {
  }

  /**
   * Creates a session.
   *
   * @return its id
   */
  public String create() {
    String id = UUID.randomUUID().toString();
    Chat chat = new Chat(id);
    chats.put(id, chat);
    SessionConfig defaults = client.sessionDefaults();
    SessionConfig.Builder builder = defaults.toBuilder().streaming(true).onEvent(chat::forward);
    // a cloud session's id comes from the server: the chat's id travels as its provisional id instead
    CloudOptions cloud = defaults.cloud();
    SessionConfig config = (cloud != null ? builder.cloud(cloud.withClientSessionId(id)) : builder.sessionId(id))
        .build();
    try {
      chat.session = await(client.createSession(config), client.options().timeouts().request(),
          HttpStatus.SERVICE_UNAVAILABLE, "Copilot could not create a session");
    } finally {
      if (chat.session == null) {
        chats.remove(id);
      }
    }
    log.info("Created chat session {}", id);
    return id;
  }

  /**
   * Runs a turn and waits for its answer.
   *
   * @param sessionId the session
   * @param prompt what the person asks
   * @return the answer and the turn's tool calls, or the error that ended it
   */
  public TurnResult ask(String sessionId, String prompt) {
    Chat chat = chat(sessionId);
    chat.startTurn();
    Turn turn = new Turn(chat);
    try {
      return turn.run(prompt).get(turnTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return turn.result(null, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return turn.result(null, e.toString());
    }
  }

  /**
   * Runs a turn and streams its events, ending with a {@code done} event that holds the {@link TurnResult}.
   *
   * @param sessionId the session
   * @param prompt what the person asks
   * @return the stream
   */
  public SseEmitter askStreaming(String sessionId, String prompt) {
    Chat chat = chat(sessionId);
    chat.startTurn();
    SseEmitter emitter = new SseEmitter(turnTimeout.toMillis() + 5_000);
    chat.tabs.add(emitter);
    new Turn(chat).run(prompt).whenComplete((result, error) -> {
      try {
        emitter.send(SseEmitter.event().name("done").data(result));
        emitter.complete();
      } catch (IOException | IllegalStateException e) {
        log.debug("The client of a streamed turn went away: {}", e.toString());
      } finally {
        chat.tabs.remove(emitter);
      }
    });
    return emitter;
  }

  /**
   * Opens the event stream of a session for a browser tab. It starts with a {@code ready} event.
   *
   * @param sessionId the session
   * @return the stream, without timeout
   */
  public SseEmitter subscribe(String sessionId) {
    Chat chat = chat(sessionId);
    SseEmitter emitter = chat.tabs.add();
    try {
      emitter.send(SseEmitter.event().name("ready").data(Map.of("sessionId", sessionId)));
    } catch (IOException | IllegalStateException e) {
      chat.tabs.remove(emitter);
    }
    return emitter;
  }

  /**
   * Reads a session's history from the CLI ({@link CopilotSession#messages()}).
   *
   * @param sessionId the session
   * @return the messages, tool calls and errors, oldest first
   */
  public List<HistoryItem> history(String sessionId) {
    Chat chat = chat(sessionId);
    List<SessionEvent> events = await(chat.session().messages(), client.options().timeouts().request(),
        HttpStatus.BAD_GATEWAY, "Copilot could not read the history of session " + sessionId);
    Map<String, String> toolNames = new LinkedHashMap<>();
    List<HistoryItem> items = new ArrayList<>();
    for (SessionEvent event : events) {
      if (event instanceof UserMessageEvent user) {
        items.add(new HistoryItem(user.type(), user.timestamp(), user.content(), null, null, null));
      } else if (event instanceof AssistantMessageEvent message) {
        if (!message.content().isBlank()) {
          items.add(new HistoryItem(message.type(), message.timestamp(), message.content(), null, null, null));
        }
      } else if (event instanceof ToolExecutionStartEvent start) {
        toolNames.put(start.toolCallId(), start.toolName());
        items.add(new HistoryItem(start.type(), start.timestamp(), start.argumentsJson(), start.toolName(),
            start.toolCallId(), null));
      } else if (event instanceof ToolExecutionCompleteEvent complete) {
        items.add(new HistoryItem(complete.type(), complete.timestamp(),
            complete.success() ? complete.resultContent() : complete.errorMessage(),
            toolNames.get(complete.toolCallId()), complete.toolCallId(), complete.success()));
      } else if (event instanceof SessionErrorEvent error) {
        items.add(new HistoryItem(error.type(), error.timestamp(), error.message(), null, null, null));
      }
    }
    return items;
  }

  /**
   * Deletes a session in the CLI; its tabs get a {@code deleted} event and their streams end.
   *
   * @param sessionId the session
   */
  public void delete(String sessionId) {
    Chat chat = known(sessionId);
    await(client.deleteSession(sessionId), client.options().timeouts().request(), HttpStatus.BAD_GATEWAY,
        "Copilot could not delete session " + sessionId);
    chats.remove(sessionId);
    chat.tabs.send("deleted", Map.of("sessionId", sessionId));
    chat.tabs.completeAll();
    log.info("Deleted chat session {}", sessionId);
  }

  /**
   * Whether this application has the session open.
   *
   * @param sessionId the session
   * @return true if it does
   */
  public boolean isOpen(String sessionId) {
    return chats.containsKey(sessionId);
  }

  @Scheduled(fixedDelay = 15_000, initialDelay = 15_000)
  void heartbeat() {
    chats.values().forEach(chat -> chat.tabs.heartbeat());
    liveSessions.heartbeat();
  }

  /** Ends every event stream when the application stops, so that the web server need not wait for them. */
  @EventListener(ContextClosedEvent.class)
  void closeStreams() {
    chats.values().forEach(chat -> chat.tabs.completeAll());
    liveSessions.closeStreams();
  }

  /** @return the chat, open or ended under it */
  private Chat known(String sessionId) {
    Chat chat = chats.get(sessionId);
    if (chat == null || chat.session == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No open chat session " + sessionId);
    }
    return chat;
  }

  /** @return the chat, which takes prompts; 410 when its session ended under it */
  private Chat chat(String sessionId) {
    Chat chat = known(sessionId);
    String ended = chat.ended;
    if (ended != null) {
      throw new ResponseStatusException(HttpStatus.GONE, "This chat has ended: " + ended + " Start a new chat.");
    }
    return chat;
  }

  /** Waits for a call to Copilot; a failure is the API's {@code status} with "what: why" as its reason. */
  private static <T> T await(CompletableFuture<T> future, Duration timeout, HttpStatus status, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResponseStatusException(status, what + ": interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ResponseStatusException(status, what + ": " + describe(cause), cause);
    } catch (TimeoutException e) {
      throw new ResponseStatusException(status, what + ": no answer within " + timeout.toMillis() + " ms", e);
    }
  }

  private static String describe(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.toString();
  }

  /** A session and the browser tabs that show it. */
  private final class Chat {
    final String id;
    final Emitters tabs;
    final AtomicBoolean busy = new AtomicBoolean();
    final Map<String, String> toolNames = new ConcurrentHashMap<>();
    volatile @Nullable CopilotSession session;
    /** Why the session ended under the chat (idle time-out, lost CLI), or null while it is open. */
    volatile @Nullable String ended;

    Chat(String id) {
      this.id = id;
      this.tabs = new Emitters("chat " + id);
    }

    CopilotSession session() {
      CopilotSession current = session;
      if (current == null) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No open chat session " + id);
      }
      return current;
    }

    void startTurn() {
      if (!busy.compareAndSet(false, true)) {
        throw new ResponseStatusException(HttpStatus.CONFLICT, "A turn is already running in session " + id);
      }
    }

    /** Called for every event of the session, in order, on its lane of the client's callback executor. */
    void forward(SessionEvent event) {
      if (event instanceof ToolExecutionStartEvent start) {
        toolNames.put(start.toolCallId(), start.toolName());
      }
      if (event instanceof SessionErrorEvent error
          && CopilotSession.TERMINATED_ERROR_TYPE.equals(error.errorType())) {
        ended = error.message();
      }
      if (tabs.isEmpty()) {
        return;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      String name;
      if (event instanceof AssistantMessageDeltaEvent delta) {
        name = "delta";
        data.put("messageId", delta.messageId());
        data.put("text", delta.deltaContent());
      } else if (event instanceof AssistantMessageEvent message) {
        name = "message";
        data.put("messageId", message.messageId());
        data.put("content", message.content());
        data.put("toolRequests", message.toolRequests().stream().map(ToolRequest::name).toList());
      } else if (event instanceof UserMessageEvent user) {
        name = "user";
        data.put("content", user.content());
      } else if (event instanceof ToolExecutionStartEvent start) {
        name = "tool-start";
        data.put("toolCallId", start.toolCallId());
        data.put("toolName", start.toolName());
        data.put("arguments", start.argumentsJson() == null ? "{}" : start.argumentsJson());
      } else if (event instanceof ToolExecutionCompleteEvent complete) {
        name = "tool-complete";
        data.put("toolCallId", complete.toolCallId());
        data.put("toolName", toolNames.getOrDefault(complete.toolCallId(), "tool"));
        data.put("success", complete.success());
        data.put("result", complete.resultContent() == null ? "" : complete.resultContent());
        data.put("error", complete.errorMessage() == null ? "" : complete.errorMessage());
      } else if (event instanceof SessionErrorEvent error) {
        name = "session-error";
        data.put("errorType", error.errorType());
        data.put("message", error.message());
        if (error.statusCode() != null) {
          data.put("statusCode", error.statusCode());
        }
      } else if (event instanceof SessionIdleEvent) {
        name = "idle";
        data.put("sessionId", id);
      } else {
        return;
      }
      tabs.send(name, data);
    }
  }

  /** One turn: sends the prompt, collects the tool calls, and frees the session when it ends. */
  private final class Turn {
    final Chat chat;
    final Map<String, ToolCall> toolCalls = new LinkedHashMap<>();

    Turn(Chat chat) {
      this.chat = chat;
    }

    CompletableFuture<TurnResult> run(String prompt) {
      liveSessions.labelIfUnlabelled(chat.id, prompt);
      CopilotSession session = chat.session();
      Subscription tools = session.on(this::collect);
      return session.sendAndWait(prompt, turnTimeout)
          .handle((answer, error) -> {
            tools.close();
            chat.busy.set(false);
            if (error != null) {
              Throwable cause = error.getCause() != null && error instanceof CompletionException
                  ? error.getCause() : error;
              return result(null, cause.getMessage() != null ? cause.getMessage() : cause.toString());
            }
            return result(answer == null ? null : answer.content(), null);
          });
    }

    synchronized void collect(SessionEvent event) {
      if (event instanceof ToolExecutionStartEvent start) {
        toolCalls.put(start.toolCallId(),
            new ToolCall(start.toolCallId(), start.toolName(), start.argumentsJson(), null, null));
      } else if (event instanceof ToolExecutionCompleteEvent complete) {
        ToolCall call = toolCalls.get(complete.toolCallId());
        if (call != null) {
          toolCalls.put(call.toolCallId(), new ToolCall(call.toolCallId(), call.toolName(), call.arguments(),
              complete.success(), complete.success() ? complete.resultContent() : complete.errorMessage()));
        }
      }
    }

    synchronized TurnResult result(@Nullable String answer, @Nullable String error) {
      chat.busy.set(false);
      return new TurnResult(chat.id, answer, List.copyOf(toolCalls.values()), error);
    }
  }
}
