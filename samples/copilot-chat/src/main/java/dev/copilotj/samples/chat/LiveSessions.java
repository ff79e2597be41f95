package dev.copilotj.samples.chat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.copilotj.ClientState;
import dev.copilotj.spring.boot.event.CopilotClientStateChangedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionCreateFailedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionCreatedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionDeletedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionErrorEvent;
import dev.copilotj.spring.boot.event.CopilotSessionLifecycleEvent;
import dev.copilotj.spring.boot.event.CopilotSessionUpdatedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live sessions of the Copilot CLI, kept in memory from the starter's application events: a session appears
 * with {@link CopilotSessionCreatedEvent}, is touched by {@link CopilotSessionUpdatedEvent}, records the last
 * {@link CopilotSessionErrorEvent} and disappears with {@link CopilotSessionDeletedEvent}. The client's state comes
 * from {@link CopilotClientStateChangedEvent}. Every change is pushed to the pages' side panels over server-sent
 * events (event name {@code sessions}, data {@link Snapshot}).
 *
 * <p>The listeners run on the client's callback executor, lifecycle events one at a time in wire order.
 */
@Component
public class LiveSessions {

  private static final Logger log = LoggerFactory.getLogger(LiveSessions.class);

  private final Map<String, Entry> sessions = new LinkedHashMap<>();
  private final Emitters panels = new Emitters("sessions panel");
  private volatile ClientState clientState = ClientState.NOT_STARTED;

  /**
   * One live session as the panel shows it.
   *
   * @param id the session id
   * @param label the first prompt sent in it, shortened; null before the first prompt
   * @param createdAt when the CLI reported it created (or, failing that, when this application heard of it)
   * @param updatedAt when the CLI last reported a change
   * @param updates how many {@code session.updated} notifications arrived
   * @param lastError the message of its last session error, or null
   * @param closed whether the session ended in this application (its client stopped or it was closed), although
   *     the CLI still stores it
   */
  public record SessionView(String id, @Nullable String label, Instant createdAt, Instant updatedAt, int updates,
      @Nullable String lastError, boolean closed) {
  }

  /**
   * What the panel shows.
   *
   * @param clientState the Copilot client's state
   * @param sessions the live sessions, oldest first
   */
  public record Snapshot(ClientState clientState, List<SessionView> sessions) {
  }

  private static final class Entry {
    final String id;
    final Instant createdAt;
    Instant updatedAt;
    int updates;
    @Nullable String label;
    @Nullable String lastError;
    boolean closed;

    Entry(String id, Instant createdAt) {
      this.id = id;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    SessionView view() {
      return new SessionView(id, label, createdAt, updatedAt, updates, lastError, closed);
    }
  }

  @EventListener
  void onCreated(CopilotSessionCreatedEvent event) {
    synchronized (sessions) {
      Instant created = event.startTime() != null ? event.startTime() : timeOf(event);
      sessions.computeIfAbsent(event.sessionId(), id -> new Entry(id, created));
    }
    log.info("Session {} created", event.sessionId());
    publish();
  }

  @EventListener
  void onUpdated(CopilotSessionUpdatedEvent event) {
    synchronized (sessions) {
      Entry entry = sessions.computeIfAbsent(event.sessionId(), id -> new Entry(id, timeOf(event)));
      entry.updates++;
      entry.updatedAt = event.modifiedTime() != null ? event.modifiedTime() : timeOf(event);
    }
    publish();
  }

  @EventListener
  void onDeleted(CopilotSessionDeletedEvent event) {
    synchronized (sessions) {
      sessions.remove(event.sessionId());
    }
    log.info("Session {} deleted", event.sessionId());
    publish();
  }

  /** A cloud create the server had announced failed: the session was never opened. */
  @EventListener
  void onCreateFailed(CopilotSessionCreateFailedEvent event) {
    synchronized (sessions) {
      sessions.remove(event.sessionId());
    }
    log.info("Session {} was announced but its create failed", event.sessionId());
    publish();
  }

  @EventListener
  void onError(CopilotSessionErrorEvent event) {
    synchronized (sessions) {
      Entry entry = sessions.get(event.sessionId());
      if (entry == null) {
        return;
      }
      if (event.isClientTerminated()) {
        entry.closed = true;
      } else {
        entry.lastError = event.message();
      }
    }
    if (!event.isClientTerminated()) {
      log.info("Session {} reported an error ({}): {}", event.sessionId(), event.errorType(), event.message());
    }
    publish();
  }

  @EventListener
  void onClientState(CopilotClientStateChangedEvent event) {
    clientState = event.current();
    log.info("Copilot client {} -> {}", event.previous(), event.current());
    publish();
  }

  /**
   * Names a session after its first prompt; called by the chat service.
   *
   * @param sessionId the session
   * @param prompt the prompt
   */
  void labelIfUnlabelled(String sessionId, String prompt) {
    String label = prompt.length() > 48 ? prompt.substring(0, 45) + "..." : prompt;
    boolean changed = false;
    synchronized (sessions) {
      Entry entry = sessions.get(sessionId);
      if (entry != null && entry.label == null) {
        entry.label = label;
        changed = true;
      }
    }
    if (changed) {
      publish();
    }
  }

  /** @return the live sessions, oldest first */
  public List<SessionView> list() {
    synchronized (sessions) {
      List<SessionView> views = new ArrayList<>();
      sessions.values().forEach(entry -> views.add(entry.view()));
      return views;
    }
  }

  /** @return the client state and the live sessions */
  public Snapshot snapshot() {
    return new Snapshot(clientState, list());
  }

  /**
   * Opens a server-sent event stream of {@link Snapshot}s, starting with the current one.
   *
   * @return the stream
   */
  public SseEmitter subscribe() {
    SseEmitter emitter = panels.add();
    try {
      emitter.send(SseEmitter.event().name("sessions").data(snapshot()));
    } catch (IOException | IllegalStateException e) {
      panels.remove(emitter);
    }
    return emitter;
  }

  /** Ends the panels' streams, so that the web server can shut down at once. */
  void closeStreams() {
    panels.completeAll();
  }

  /** Sends a comment to the panels, so that streams of closed pages are noticed and dropped. */
  void heartbeat() {
    panels.heartbeat();
  }

  private void publish() {
    panels.send("sessions", snapshot());
  }

  private static Instant timeOf(CopilotSessionLifecycleEvent event) {
    return Instant.ofEpochMilli(event.getTimestamp());
  }
}
