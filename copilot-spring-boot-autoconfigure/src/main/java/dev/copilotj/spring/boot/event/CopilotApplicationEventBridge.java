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
 * Republishes what a {@link CopilotClient} reports as Spring application events: session lifecycle notifications
 * ({@link CopilotSessionCreatedEvent}, {@link CopilotSessionUpdatedEvent}, {@link CopilotSessionDeletedEvent}),
 * the {@link SessionErrorEvent}s of its sessions, the synthetic {@code client.terminated} ones included
 * ({@link CopilotSessionErrorEvent}), and its state changes ({@link CopilotClientStateChangedEvent}). Nothing else:
 * deltas and the rest of a turn stay on the session.
 *
 * <p>Subscribes when constructed, unsubscribes when closed. Publishes on the client's callback executor, one event at
 * a time per kind (lifecycle in wire order with the CLI's duplicates removed, errors in arrival order, state changes
 * in order), with no order between the kinds; a listener that throws is logged, never thrown into the client. A
 * cloud session's error event carries its {@link CopilotSessionEvent#clientSessionId()} only if a lifecycle
 * notification already tied the two ids (the last 1024 are remembered). The README's "Events" section has the
 * whole story.
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
        client.observeSessionEventsOnReaderThread(this::onSessionEvent));
  }

  private void onLifecycle(SessionLifecycleEvent event) {
    CopilotSessionLifecycleEvent published = switch (event.type()) {
      case SessionLifecycleEvent.CREATED -> new CopilotSessionCreatedEvent(this.client, event);
      case SessionLifecycleEvent.UPDATED -> new CopilotSessionUpdatedEvent(this.client, event);
      case SessionLifecycleEvent.DELETED -> new CopilotSessionDeletedEvent(this.client, event);
      case SessionLifecycleEvent.CREATE_FAILED -> new CopilotSessionCreateFailedEvent(this.client, event);
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
