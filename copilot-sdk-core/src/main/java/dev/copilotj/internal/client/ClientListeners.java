package dev.copilotj.internal.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.copilotj.ClientStateChange;
import dev.copilotj.ClientStateListener;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.SessionLifecycleListener;
import dev.copilotj.Subscription;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.concurrent.LaneBatcher;
import dev.copilotj.internal.concurrent.SerialLane;
import dev.copilotj.internal.request.ServerRequestHandlers;
import dev.copilotj.turn.TurnListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's listener registries: state changes and lifecycle notifications (each on a lane of its own, so they
 * stay in order), and the client-wide session event listeners, observers and turn listeners that each session
 * consults.
 */
public final class ClientListeners {

  private static final Logger log = LoggerFactory.getLogger(ClientListeners.class);

  private final SerialLane stateLane;
  private final List<ClientStateListener> stateListeners = new CopyOnWriteArrayList<>();
  private final SerialLane lifecycleLane;
  private final List<SessionLifecycleListener> lifecycleListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<? super SessionEvent>> sessionEventListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<? super SessionEvent>> sessionEventObservers = new CopyOnWriteArrayList<>();
  private final List<TurnListener> turnListeners = new CopyOnWriteArrayList<>();
  private final ServerRequestHandlers requestHandlers = new ServerRequestHandlers();

  /**
   * Creates the registries.
   *
   * @param executor the client's callback executor, which runs the lanes
   */
  public ClientListeners(Executor executor) {
    this.stateLane = new SerialLane("client-state", executor);
    this.lifecycleLane = new SerialLane("session-lifecycle", executor);
  }

  /**
   * Adds a state listener.
   *
   * @param listener the listener
   * @return removes it
   */
  public Subscription addStateListener(ClientStateListener listener) {
    return add(stateListeners, listener);
  }

  /**
   * Tells every state listener, in order, on the state lane.
   *
   * @param change the transition
   */
  public void publishState(ClientStateChange change) {
    stateLane.execute(() -> {
      for (ClientStateListener listener : stateListeners) {
        try {
          listener.onStateChanged(change);
        } catch (RuntimeException e) {
          log.error("A client state listener threw on {} -> {}; the other listeners still run", change.previous(),
              change.current(), e);
        }
      }
    });
  }

  /**
   * Adds a lifecycle listener.
   *
   * @param listener the listener
   * @return removes it
   */
  public Subscription addLifecycleListener(SessionLifecycleListener listener) {
    return add(lifecycleListeners, listener);
  }

  /**
   * Tells every lifecycle listener, in wire order, on the lifecycle lane. Called on the reader thread.
   *
   * @param event the notification
   * @param batcher the reader's batcher, which starts the lane once per burst of frames
   */
  public void publishLifecycle(SessionLifecycleEvent event, LaneBatcher batcher) {
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

  /**
   * Adds a client-wide session event listener, run on each session's lane.
   *
   * @param listener the listener
   * @return removes it
   */
  public Subscription addSessionEventListener(Consumer<? super SessionEvent> listener) {
    return add(sessionEventListeners, listener);
  }

  /** @return the client-wide session event listeners, live */
  public List<Consumer<? super SessionEvent>> sessionEventListeners() {
    return sessionEventListeners;
  }

  /**
   * Adds a client-wide session event observer, run on the reader thread.
   *
   * @param observer the observer
   * @return removes it
   */
  public Subscription addSessionEventObserver(Consumer<? super SessionEvent> observer) {
    return add(sessionEventObservers, observer);
  }

  /** @return the client-wide session event observers, live */
  public List<Consumer<? super SessionEvent>> sessionEventObservers() {
    return sessionEventObservers;
  }

  /**
   * Adds a client-wide turn listener, told by each session's tracker on the reader thread.
   *
   * @param listener the listener
   * @return removes it
   */
  public Subscription addTurnListener(TurnListener listener) {
    return add(turnListeners, listener);
  }

  /** @return the client-wide turn listeners, live */
  public List<TurnListener> turnListeners() {
    return turnListeners;
  }

  private static <T> Subscription add(List<T> list, T listener) {
    list.add(listener);
    return () -> list.remove(listener);
  }

  /** @return the handlers of the requests the CLI sends, one per method */
  public ServerRequestHandlers requestHandlers() {
    return requestHandlers;
  }
}
