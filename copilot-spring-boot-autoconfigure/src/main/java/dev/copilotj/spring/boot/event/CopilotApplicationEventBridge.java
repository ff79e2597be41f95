package dev.copilotj.spring.boot.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.copilotj.ClientStateChange;
import dev.copilotj.CopilotClient;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.Subscription;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Republishes what a {@link CopilotClient} reports as Spring application events: its session lifecycle
 * notifications as {@link CopilotSessionCreatedEvent}, {@link CopilotSessionUpdatedEvent} and
 * {@link CopilotSessionDeletedEvent}; the {@link SessionErrorEvent}s of its sessions (including the synthetic
 * {@code client.terminated} ones) as {@link CopilotSessionErrorEvent}; and its state changes as
 * {@link CopilotClientStateChangedEvent}. No other session event is republished: streaming deltas and the rest of
 * a turn's events stay on the session.
 *
 * <p>The bridge subscribes when it is constructed and unsubscribes when it is closed (the application context
 * closes it when it destroys the bean); events the client dispatches after that are not published.
 *
 * <p><strong>Threads and order.</strong> The client calls the bridge on its callback executor, never on the
 * JSON-RPC reader thread, and the bridge publishes on the thread it is called on. With Spring's default,
 * synchronous, event multicaster the {@code @EventListener} methods therefore run on the callback executor, one
 * event at a time per lane, and a slow listener holds up the events behind it on the same lane (not the
 * JSON-RPC connection). The lanes, and so the guarantees, are:
 * <ul>
 *   <li>Session lifecycle events of all sessions of the client share one lane: they are published one at a time
 *       in the order the CLI sent the notifications (wire order), with the duplicate {@code session.created} and
 *       {@code session.deleted} the CLI sends removed, so each session's created and deleted event is published
 *       once.</li>
 *   <li>Error events of all sessions share one lane: they are published one at a time in the order they arrived
 *       (the bridge finds them as an {@link CopilotClient#observeSessionEvents observer}, so the sessions' other
 *       events cost no thread hand-off).</li>
 *   <li>State changes have their own lane and are published in the order they happened.</li>
 *   <li>There is no order between the lanes: a session's error event may be published before or after a lifecycle
 *       event the CLI sent around it, and a state change event before or after lifecycle events.</li>
 * </ul>
 * An asynchronous multicaster or {@code @Async} listeners give up these guarantees.
 *
 * <p>A listener that throws, or any other failure to publish, is logged and never thrown back into the client.
 *
 * <p>Error events exist only for sessions this client opened. The core reports a cloud session's error without its
 * provisional id, so an error event carries {@link CopilotSessionEvent#clientSessionId()} only when the bridge
 * already saw a lifecycle notification of that session carrying it (it remembers the last 1024
 * such sessions).
 */
public final class CopilotApplicationEventBridge implements DisposableBean, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CopilotApplicationEventBridge.class);
  /** Cloud sessions whose provisional id is remembered for their error events. */
  private static final int MAX_REMEMBERED_CLOUD_SESSIONS = 1024;

  private final CopilotClient client;
  private final ApplicationEventPublisher publisher;
  private final Map<String, String> clientSessionIds = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_REMEMBERED_CLOUD_SESSIONS;
        }
      });
  private final List<Subscription> subscriptions;
  private CompletableFuture<@Nullable Void> errors = CompletableFuture.completedFuture(null); // guarded by this
  private volatile boolean closed;

  /**
   * Creates the bridge and subscribes it to the client's lifecycle, state and session-event listeners.
   *
   * @param client the client to follow
   * @param publisher where to publish, usually the application context
   */
  public CopilotApplicationEventBridge(CopilotClient client, ApplicationEventPublisher publisher) {
    this.client = Objects.requireNonNull(client, "client");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.subscriptions = List.of(client.onLifecycle(this::onLifecycle), client.onStateChange(this::onStateChange),
        client.observeSessionEvents(this::onSessionEvent));
  }

  private void onLifecycle(SessionLifecycleEvent event) {
    CopilotSessionLifecycleEvent published = switch (event.type()) {
      case SessionLifecycleEvent.CREATED -> new CopilotSessionCreatedEvent(this.client, event);
      case SessionLifecycleEvent.UPDATED -> new CopilotSessionUpdatedEvent(this.client, event);
      case SessionLifecycleEvent.DELETED -> new CopilotSessionDeletedEvent(this.client, event);
      default -> null;
    };
    if (published == null) {
      log.debug("Not publishing the unknown session lifecycle notification {} of session {}", event.type(),
          event.sessionId());
      return;
    }
    String clientSessionId = event.clientSessionId();
    if (clientSessionId != null) {
      this.clientSessionIds.put(event.sessionId(), clientSessionId);
    }
    publish(published);
  }

  private void onStateChange(ClientStateChange change) {
    publish(new CopilotClientStateChangedEvent(this.client, change));
  }

  /**
   * Observes every event on the SDK's reader thread, which costs sessions no thread hand-off; the rare error is
   * published from the client's callback executor, since application listeners may take their time.
   */
  private void onSessionEvent(SessionEvent event) {
    if (event instanceof SessionErrorEvent error) {
      CopilotSessionErrorEvent published = new CopilotSessionErrorEvent(this.client, error,
          this.clientSessionIds.get(error.sessionId()));
      synchronized (this) {
        // chained, so errors are published one at a time in the order they arrived
        this.errors = this.errors.thenRunAsync(() -> publish(published), this.client.callbackExecutor())
            .exceptionally(ex -> {
              log.warn("Could not publish {}", published, ex);
              return null;
            });
      }
    }
  }

  private void publish(CopilotEvent event) {
    if (this.closed) {
      return;
    }
    try {
      this.publisher.publishEvent(event);
    } catch (Throwable ex) {
      if (ex instanceof VirtualMachineError vmError) {
        throw vmError;
      }
      log.warn("Publishing {} failed; the Copilot client goes on", event, ex);
    }
  }

  /**
   * Returns whether the bridge was closed.
   *
   * @return true once {@link #close()} ran
   */
  public boolean isClosed() {
    return this.closed;
  }

  /** Unsubscribes from the client; nothing is published afterwards. Closing twice is harmless. */
  @Override
  public void close() {
    this.closed = true;
    this.subscriptions.forEach(Subscription::close);
  }

  @Override
  public void destroy() {
    close();
  }
}
