package dev.copilotj.internal.session;

import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.internal.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the CLI's notifications into routing decisions, on the reader thread and in wire order:
 * {@code session.event} goes to the registry; {@code session.lifecycle} first lets the registry
 * materialize a pending cloud session, then goes (de-duplicated) to the lifecycle sink, a {@code session.created}
 * through the registry, which remembers it for the create's end should the create fail.
 */
public final class NotificationRouter {

  /** The notification carrying one session event. */
  public static final String SESSION_EVENT = "session.event";
  /** The notification carrying a session lifecycle change. */
  public static final String SESSION_LIFECYCLE = "session.lifecycle";

  private static final Logger log = LoggerFactory.getLogger(NotificationRouter.class);

  private final SessionRegistry registry;
  private final Consumer<SessionLifecycleEvent> lifecycleSink;
  private final LifecycleDeduplicator deduplicator = new LifecycleDeduplicator();

  /**
   * Creates a router.
   *
   * @param registry where session events go
   * @param lifecycleSink receives de-duplicated lifecycle events; must only enqueue
   */
  public NotificationRouter(SessionRegistry registry, Consumer<SessionLifecycleEvent> lifecycleSink) {
    this.registry = registry;
    this.lifecycleSink = lifecycleSink;
  }

  /**
   * Routes one notification.
   *
   * @param method the notification's method
   * @param params its params
   */
  public void route(String method, JsonNode params) {
    switch (method) {
      case SESSION_EVENT -> routeEvent(params);
      case SESSION_LIFECYCLE -> routeLifecycle(params);
      default -> log.trace("Ignoring notification {}", method);
    }
  }

  private void routeEvent(JsonNode params) {
    String sessionId = Json.text(params, "sessionId");
    JsonNode event = params.get("event");
    if (sessionId == null || event == null || !event.isObject()) {
      log.warn("Dropped a session.event without a sessionId or an event object");
      return;
    }
    registry.onEvent(sessionId, event);
  }

  private void routeLifecycle(JsonNode params) {
    String type = Json.text(params, "type");
    String sessionId = Json.text(params, "sessionId");
    if (type == null || sessionId == null) {
      log.warn("Dropped a session.lifecycle notification without a type or sessionId");
      return;
    }
    String clientSessionId = Json.text(params, "clientSessionId");
    if (SessionLifecycleEvent.CREATED.equals(type)) {
      // build a pending cloud session before any listener can hear of it
      registry.onCreatedNotification(sessionId, clientSessionId);
    }
    if (!deduplicator.isFirst(type, sessionId)) {
      return;
    }
    JsonNode metadata = params.get("metadata");
    SessionLifecycleEvent event = new SessionLifecycleEvent(type, sessionId, clientSessionId,
        Json.instant(metadata, "startTime"), Json.instant(metadata, "modifiedTime"));
    if (SessionLifecycleEvent.CREATED.equals(type)) {
      registry.announceCreated(event, lifecycleSink); // a failed cloud create's end follows it there
    } else {
      lifecycleSink.accept(event);
    }
  }

}
