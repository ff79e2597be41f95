package dev.copilotj.internal.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotException;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.SessionRegistryStats;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which session object each session id routes to, as a small state machine with three kinds of entry:
 * <ul>
 *   <li><b>live</b>: a materialized session under its real id;</li>
 *   <li><b>pending</b>: a cloud create in flight under the client's provisional id, holding the factory
 *       that builds the session when the server names the real id (by the {@code session.created}
 *       notification or the create response, whichever the reader sees first);</li>
 *   <li><b>early</b>: a bounded buffer of events for an id with no session yet, replayed in order the
 *       moment the session is built, and dropped after a time to live.</li>
 * </ul>
 * Routing decisions are made on the reader thread in wire order; a lookup of a live session takes no
 * lock. Every failure path removes all that a create registered, ends the session it built with
 * {@link SessionEndpoint#createFailed}, and follows each {@code session.created} listeners heard of it with a
 * {@link SessionLifecycleEvent#CREATE_FAILED}. Every early event dropped is counted.
 */
public final class SessionRegistry {

  private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
  private static final int REMEMBERED_FAILURES = 256;

  private final int earlyLimit;
  private final int maxEarlyIds;
  private final long earlyTtlNanos;
  private final LongSupplier nanoClock;
  private final LongAdder droppedEvents;
  private final Consumer<SessionLifecycleEvent> lifecycleSink;

  private final Map<String, SessionEndpoint> live = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, PendingCreate> pending = new HashMap<>();
  private final LinkedHashMap<String, EarlyEvents> early = new LinkedHashMap<>();
  /** Provisional ids of creates that failed lately, so a late {@code session.created} gets its matching end. */
  private final LinkedHashMap<String, Boolean> failedCreates = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_FAILURES;
    }
  };

  /**
   * Creates a registry.
   *
   * @param earlyLimit events kept per id with no session yet; at the limit the oldest is dropped
   * @param maxEarlyIds ids buffered at once; beyond it the oldest buffer is dropped
   * @param earlyTtl how long a buffer waits for its session before it is dropped
   * @param nanoClock the time source ({@link System#nanoTime()}; tests pass their own)
   */
  public SessionRegistry(int earlyLimit, int maxEarlyIds, Duration earlyTtl, LongSupplier nanoClock) {
    this(earlyLimit, maxEarlyIds, earlyTtl, nanoClock, new LongAdder(), event -> { });
  }

  /**
   * Creates a registry that adds every event it drops to a counter that may outlive it (the client's, across
   * restarts).
   *
   * @param earlyLimit events kept per id with no session yet; at the limit the oldest is dropped
   * @param maxEarlyIds ids buffered at once; beyond it the oldest buffer is dropped
   * @param earlyTtl how long a buffer waits for its session before it is dropped
   * @param nanoClock the time source ({@link System#nanoTime()}; tests pass their own)
   * @param droppedEvents counts the early events dropped: overflow, eviction, expiry, or the id's end
   * @param lifecycleSink where a failed create's {@link SessionLifecycleEvent#CREATE_FAILED} goes; must only enqueue
   *     (it is called under the registry's lock)
   */
  public SessionRegistry(int earlyLimit, int maxEarlyIds, Duration earlyTtl, LongSupplier nanoClock,
      LongAdder droppedEvents, Consumer<SessionLifecycleEvent> lifecycleSink) {
    if (earlyLimit < 1 || maxEarlyIds < 1) {
      throw new IllegalArgumentException("early-event limits must be positive");
    }
    this.earlyLimit = earlyLimit;
    this.maxEarlyIds = maxEarlyIds;
    this.earlyTtlNanos = earlyTtl.toNanos();
    this.nanoClock = nanoClock;
    this.droppedEvents = droppedEvents;
    this.lifecycleSink = lifecycleSink;
  }

  /**
   * Registers a session whose id the client chose, before its create is sent, so no event is missed.
   *
   * @param sessionId the id
   * @param endpoint the session
   * @throws CopilotException when the id is already registered
   */
  public void putLive(String sessionId, SessionEndpoint endpoint) {
    synchronized (lock) {
      if (live.putIfAbsent(sessionId, endpoint) != null) {
        throw new CopilotException("A session with id " + sessionId + " is already open in this client;"
            + " use that CopilotSession, resume it with resumeSession to change its config, or close it first.");
      }
      replayEarly(sessionId, endpoint);
    }
  }

  /**
   * Registers a session whose id the client chose, unless one is already registered under that id (a resume
   * of a session open in this client), which is returned instead and keeps its registration.
   *
   * @param sessionId the id
   * @param endpoint the session to register
   * @return the session already registered, or null when {@code endpoint} was registered
   */
  public @Nullable SessionEndpoint putLiveIfAbsent(String sessionId, SessionEndpoint endpoint) {
    synchronized (lock) {
      SessionEndpoint existing = live.putIfAbsent(sessionId, endpoint);
      if (existing != null) {
        return existing;
      }
      replayEarly(sessionId, endpoint);
      return null;
    }
  }

  /**
   * Registers a cloud create in flight.
   *
   * @param create the pending entry, keyed by its provisional id
   * @throws CopilotException when a create with that provisional id is already in flight
   */
  public void putPending(PendingCreate create) {
    synchronized (lock) {
      if (pending.putIfAbsent(create.provisionalId(), create) != null) {
        throw new CopilotException("A cloud create with clientSessionId " + create.provisionalId() + " is already in"
            + " flight in this client; give each create its own id (CloudOptions.withClientSessionId), or null for a"
            + " random one.");
      }
    }
  }

  /**
   * Routes one {@code session.event}; reader thread.
   *
   * @param sessionId the event's session id
   * @param event the event object
   */
  public void onEvent(String sessionId, JsonNode event) {
    SessionEndpoint endpoint = live.get(sessionId);
    if (endpoint != null) {
      endpoint.deliver(event);
      return;
    }
    synchronized (lock) {
      endpoint = live.get(sessionId);
      if (endpoint != null) {
        endpoint.deliver(event);
        return;
      }
      bufferEarly(sessionId, event);
    }
  }

  /**
   * A {@code session.created} lifecycle notification arrived; reader thread. When it names a pending
   * create's provisional id, the session is built under {@code sessionId} now, before any lifecycle
   * listener hears of it. Duplicates and unrelated notifications change nothing.
   *
   * @param sessionId the server's id
   * @param clientSessionId the provisional id the notification carries, or null
   */
  public void onCreatedNotification(String sessionId, @Nullable String clientSessionId) {
    if (clientSessionId == null) {
      return;
    }
    synchronized (lock) {
      PendingCreate create = pending.get(clientSessionId);
      if (create == null) {
        return;
      }
      String already = create.materializedId();
      if (already == null) {
        materialize(create, sessionId);
      } else if (!already.equals(sessionId)) {
        log.warn("Cloud create {} was announced as session {} and again as {}; keeping the first until the"
            + " create response settles it", clientSessionId, already, sessionId);
      }
    }
  }

  /**
   * Tells lifecycle listeners of a (de-duplicated) {@code session.created}; reader thread. For a cloud create in
   * flight it is remembered, so a failure later ends it with {@link SessionLifecycleEvent#CREATE_FAILED}; for a
   * create that already failed, that end follows at once. Under the lock, so the end never overtakes the start.
   *
   * @param event the notification
   * @param sink the lifecycle listeners (the same as the registry's own in a client); must only enqueue
   */
  public void announceCreated(SessionLifecycleEvent event, Consumer<SessionLifecycleEvent> sink) {
    String provisionalId = event.clientSessionId();
    if (provisionalId == null) {
      sink.accept(event);
      return;
    }
    synchronized (lock) {
      sink.accept(event);
      PendingCreate create = pending.get(provisionalId);
      if (create != null) {
        create.announced(event.sessionId());
      } else if (failedCreates.containsKey(provisionalId)) {
        sink.accept(createFailed(event.sessionId(), provisionalId));
      }
    }
  }

  /**
   * The create response for a pending cloud create arrived; reader thread. Builds the session unless
   * the notification already did, and retires the pending entry.
   *
   * @param provisionalId the create's provisional id
   * @param sessionId the id in the response
   * @return the session
   * @throws CopilotException when the create was already failed, or the server named two different ids
   */
  public SessionEndpoint onCreateResponse(String provisionalId, String sessionId) {
    synchronized (lock) {
      PendingCreate create = pending.remove(provisionalId);
      if (create == null) {
        throw new CopilotException("The cloud session create " + provisionalId + " was already given up"
            + " (timed out or the client stopped) when its response arrived.");
      }
      String already = create.materializedId();
      if (already == null) {
        return materialize(create, sessionId);
      }
      if (!already.equals(sessionId)) {
        forgetFailed(create);
        discard(already);
        dropEarly(sessionId);
        throw new CopilotException("The server announced cloud session " + already + " for create "
            + provisionalId + " but its response names " + sessionId + "; the create was abandoned.");
      }
      SessionEndpoint built = live.get(sessionId);
      if (built == null) {
        throw new CopilotException("Cloud session " + sessionId + " was closed or deleted before its create"
            + " completed.");
      }
      return built;
    }
  }

  /**
   * A create failed (error response, timeout, client stop): forget it and everything it registered.
   *
   * @param provisionalId the provisional id of a cloud create
   * @param cause passed to a session the create had already built
   */
  public void failPending(String provisionalId, CopilotException cause) {
    SessionEndpoint built = null;
    synchronized (lock) {
      PendingCreate create = pending.remove(provisionalId);
      if (create == null) {
        return;
      }
      forgetFailed(create);
      String id = create.materializedId();
      if (id != null) {
        built = live.remove(id);
        dropEarly(id);
      }
    }
    if (built != null) {
      built.createFailed(cause);
    }
  }

  /**
   * Removes a live session (closed, deleted, or its local create failed).
   *
   * @param sessionId the id
   * @param endpoint removed only if it is still the one registered
   */
  public void removeLive(String sessionId, SessionEndpoint endpoint) {
    synchronized (lock) {
      live.remove(sessionId, endpoint);
      dropEarly(sessionId);
    }
  }

  /**
   * Empties the registry (client stopped or connection lost), terminating every live session.
   *
   * @param cause what the sessions are terminated with
   */
  public void clear(CopilotException cause) {
    List<SessionEndpoint> sessions;
    synchronized (lock) {
      sessions = new ArrayList<>(live.values());
      live.clear();
      pending.clear();
      for (EarlyEvents events : early.values()) {
        droppedEvents.add(events.size());
      }
      early.clear();
    }
    for (SessionEndpoint session : sessions) {
      session.terminate(cause);
    }
  }

  /**
   * Drops early buffers older than their time to live.
   *
   * @return how many ids are still buffered
   */
  public int expireEarly() {
    synchronized (lock) {
      long now = nanoClock.getAsLong();
      Iterator<Map.Entry<String, EarlyEvents>> it = early.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, EarlyEvents> entry = it.next();
        EarlyEvents events = entry.getValue();
        if (now - events.firstArrivalNanos() < earlyTtlNanos) {
          break; // insertion order is arrival order: the rest are younger
        }
        it.remove();
        droppedEvents.add(events.size());
        log.warn("Dropped {} event(s) for session {}: no session with that id was opened in this client within"
            + " {} ms", events.size() + events.dropped(), entry.getKey(), earlyTtlNanos / 1_000_000);
      }
      return early.size();
    }
  }

  /**
   * Looks up a live session.
   *
   * @param sessionId the id
   * @return the session, or null
   */
  public @Nullable SessionEndpoint live(String sessionId) {
    return live.get(sessionId);
  }

  /** @return the number of live sessions */
  public int liveCount() {
    return live.size();
  }

  /** @return the number of cloud creates in flight */
  public int pendingCount() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** @return the provisional ids of the cloud creates in flight */
  public List<String> pendingIds() {
    synchronized (lock) {
      return List.copyOf(pending.keySet());
    }
  }

  /** @return the number of ids with buffered early events */
  public int earlyCount() {
    synchronized (lock) {
      return early.size();
    }
  }

  /**
   * The events buffered for an id; for tests and diagnostics.
   *
   * @param sessionId the id
   * @return how many are buffered
   */
  public int earlyEventCount(String sessionId) {
    synchronized (lock) {
      EarlyEvents events = early.get(sessionId);
      return events == null ? 0 : events.size();
    }
  }

  /**
   * Reads what the registry holds, all figures at one instant.
   *
   * @return the live count, the pending provisional ids, the early ids and events, the dropped count
   */
  public SessionRegistryStats stats() {
    synchronized (lock) {
      int buffered = 0;
      for (EarlyEvents events : early.values()) {
        buffered += events.size();
      }
      return new SessionRegistryStats(live.size(), List.copyOf(pending.keySet()), early.size(), buffered,
          droppedEvents.sum());
    }
  }

  /** @return the events held in early buffers, all ids together */
  public int earlyEventTotal() {
    synchronized (lock) {
      int total = 0;
      for (EarlyEvents events : early.values()) {
        total += events.size();
      }
      return total;
    }
  }

  /** @return the early events this registry's counter has seen dropped (shared with other registries) */
  public long droppedEventCount() {
    return droppedEvents.sum();
  }

  /** @return true when nothing at all is registered */
  public boolean isEmpty() {
    synchronized (lock) {
      return live.isEmpty() && pending.isEmpty() && early.isEmpty();
    }
  }

  // guarded by lock
  private SessionEndpoint materialize(PendingCreate create, String sessionId) {
    SessionEndpoint existing = live.get(sessionId);
    if (existing != null) {
      return existing;
    }
    SessionEndpoint endpoint = create.build(sessionId);
    live.put(sessionId, endpoint);
    replayEarly(sessionId, endpoint);
    return endpoint;
  }

  // guarded by lock
  private void replayEarly(String sessionId, SessionEndpoint endpoint) {
    EarlyEvents events = early.remove(sessionId);
    if (events == null) {
      return;
    }
    if (events.dropped() > 0) {
      log.warn("Session {} opened after {} of its early events were dropped (the buffer holds {}); raise the"
          + " early-event buffer size if this happens often", sessionId, events.dropped(), earlyLimit);
    }
    for (JsonNode event : events.drain()) {
      endpoint.deliver(event);
    }
  }

  // guarded by lock
  private void bufferEarly(String sessionId, JsonNode event) {
    EarlyEvents events = early.get(sessionId);
    if (events == null) {
      expireEarly();
      if (early.size() >= maxEarlyIds) {
        Iterator<Map.Entry<String, EarlyEvents>> oldest = early.entrySet().iterator();
        Map.Entry<String, EarlyEvents> evicted = oldest.next();
        oldest.remove();
        droppedEvents.add(evicted.getValue().size());
        log.warn("Dropped {} early event(s) for session {}: more than {} unknown session ids are buffered",
            evicted.getValue().size() + evicted.getValue().dropped(), evicted.getKey(), maxEarlyIds);
      }
      events = new EarlyEvents(earlyLimit, nanoClock.getAsLong());
      early.put(sessionId, events);
    }
    boolean overflow = events.add(event);
    if (overflow) {
      droppedEvents.increment();
    }
    if (overflow && events.dropped() == 1) {
      log.warn("More than {} events arrived for session {} before it was opened; dropping the oldest (the"
          + " count is logged when the session opens or the buffer expires)", earlyLimit, sessionId);
    }
  }

  // guarded by lock: a failed create is remembered, and every session.created told of it gets its end
  private void forgetFailed(PendingCreate create) {
    failedCreates.put(create.provisionalId(), Boolean.TRUE);
    for (String sessionId : create.announcedIds()) {
      lifecycleSink.accept(createFailed(sessionId, create.provisionalId()));
    }
  }

  private static SessionLifecycleEvent createFailed(String sessionId, String provisionalId) {
    return new SessionLifecycleEvent(SessionLifecycleEvent.CREATE_FAILED, sessionId, provisionalId, null, null);
  }

  // guarded by lock
  private void dropEarly(String sessionId) {
    EarlyEvents events = early.remove(sessionId);
    if (events != null) {
      droppedEvents.add(events.size());
    }
  }

  // guarded by lock
  private void discard(String sessionId) {
    SessionEndpoint endpoint = live.remove(sessionId);
    dropEarly(sessionId);
    if (endpoint != null) {
      endpoint.createFailed(new CopilotException("The cloud create that built session " + sessionId
          + " was abandoned."));
    }
  }
}
