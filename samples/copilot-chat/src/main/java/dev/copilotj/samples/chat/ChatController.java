package dev.copilotj.samples.chat;

import java.util.List;
import java.util.Map;

import dev.copilotj.CopilotClient;
import dev.copilotj.tool.ToolDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The REST API of the chat, which the page uses too.
 *
 * <table>
 * <caption>Endpoints</caption>
 * <tr><td>{@code POST /api/sessions}</td><td>creates a session: {@code {"id": ...}}</td></tr>
 * <tr><td>{@code GET /api/sessions}</td><td>the live sessions, from the lifecycle events</td></tr>
 * <tr><td>{@code GET /api/sessions/stream}</td><td>the same, as server-sent events on every change</td></tr>
 * <tr><td>{@code DELETE /api/sessions/{id}}</td><td>deletes a session</td></tr>
 * <tr><td>{@code POST /api/sessions/{id}/messages}</td><td>{@code {"prompt": ...}}: runs a turn and answers with a
 * {@link ChatService.TurnResult} (a 502 problem with the turn's {@code sessionId} and {@code toolCalls} when the
 * turn failed); with {@code Accept: text/event-stream} it streams the turn's events instead</td></tr>
 * <tr><td>{@code GET /api/sessions/{id}/messages}</td><td>the session's history</td></tr>
 * <tr><td>{@code GET /api/sessions/{id}/events}</td><td>the session's events for a browser tab</td></tr>
 * <tr><td>{@code GET /api/info}</td><td>offline or online, the tools, the client's state</td></tr>
 * </table>
 *
 * <p>Every error is an RFC 9457 problem ({@code application/problem+json}, see {@link ApiProblems}) whose
 * {@code detail} says what went wrong.
 */
@RestController
@RequestMapping("/api")
public class ChatController {

  private final ChatService chats;
  private final LiveSessions liveSessions;
  private final CopilotMode mode;
  private final CopilotClient client;
  private final ObjectProvider<ToolDefinition> tools;
  private final int maxPromptChars;

  ChatController(ChatService chats, LiveSessions liveSessions, CopilotMode mode, CopilotClient client,
      ObjectProvider<ToolDefinition> tools, @Value("${chat.max-prompt-chars:16384}") int maxPromptChars) {
    this.maxPromptChars = maxPromptChars;
    this.chats = chats;
    this.liveSessions = liveSessions;
    this.mode = mode;
    this.client = client;
    this.tools = tools;
  }

  /**
   * The body of {@code POST /api/sessions/{id}/messages}.
   *
   * @param prompt what the person asks
   */
  public record PromptRequest(String prompt) {
  }

  /**
   * What {@code GET /api/info} answers.
   *
   * @param offline whether the built-in fake model answers
   * @param banner the banner the page shows in offline mode, else null
   * @param description where answers come from
   * @param clientState the Copilot client's state
   * @param tools the application's tools
   * @param restarts whether the client restarts a lost CLI by itself ({@code copilot.client.restart.enabled})
   */
  public record Info(boolean offline, String banner, String description, String clientState, List<String> tools,
      boolean restarts) {
  }

  @GetMapping("/info")
  Info info() {
    return new Info(mode.offline(), mode.offline() ? CopilotMode.OFFLINE_BANNER : "", mode.description(),
        client.state().name(), tools.orderedStream().map(ToolDefinition::name).toList(),
        client.options().restartPolicy().enabled());
  }

  @PostMapping("/sessions")
  ResponseEntity<Map<String, String>> create() {
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", chats.create()));
  }

  @GetMapping("/sessions")
  List<LiveSessions.SessionView> sessions() {
    return liveSessions.list();
  }

  @GetMapping(path = "/sessions/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter sessionStream() {
    return liveSessions.subscribe();
  }

  @DeleteMapping("/sessions/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    chats.delete(id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(path = "/sessions/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> ask(@PathVariable String id, @RequestBody PromptRequest request) {
    ChatService.TurnResult result = chats.ask(id, prompt(request, maxPromptChars));
    if (result.error() == null) {
      return ResponseEntity.ok(result);
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, result.error());
    problem.setTitle("The turn failed");
    problem.setProperty("sessionId", result.sessionId());
    problem.setProperty("toolCalls", result.toolCalls());
    return ResponseEntity.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @PostMapping(path = "/sessions/{id}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter askStreaming(@PathVariable String id, @RequestBody PromptRequest request) {
    return chats.askStreaming(id, prompt(request, maxPromptChars));
  }

  @GetMapping("/sessions/{id}/messages")
  List<ChatService.HistoryItem> history(@PathVariable String id) {
    return chats.history(id);
  }

  @GetMapping(path = "/sessions/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@PathVariable String id) {
    return chats.subscribe(id);
  }

  private static String prompt(PromptRequest request, int maxPromptChars) {
    if (request == null || request.prompt() == null || request.prompt().isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The prompt is empty.");
    }
    String prompt = request.prompt().strip();
    if (prompt.length() > maxPromptChars) {
      throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "The prompt has " + prompt.length()
          + " characters; this chat takes at most " + maxPromptChars + " (chat.max-prompt-chars). Shorten it.");
    }
    return prompt;
  }
}
