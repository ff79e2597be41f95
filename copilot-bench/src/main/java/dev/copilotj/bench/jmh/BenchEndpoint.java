package dev.copilotj.bench.jmh;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotException;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.PermissionRequestedEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.concurrent.LaneBatcher;
import dev.copilotj.internal.concurrent.SerialLane;
import dev.copilotj.internal.event.SessionEventDecoder;
import dev.copilotj.internal.session.SessionEndpoint;

/**
 * Mirrors {@code CopilotSession.Endpoint} and {@code CopilotSession.receive} for a session with listeners: the
 * reader thread decodes the raw event into a typed event and submits it to the session's {@link SerialLane}
 * through the connection's {@link LaneBatcher}; in the lane it is dispatched to the listeners through the same
 * type check and offered to the (here: empty) set of turn waiters.
 */
final class BenchEndpoint implements SessionEndpoint {

  private static final SessionEventDecoder DECODER = new SessionEventDecoder();

  private final String id;
  private final SerialLane lane;
  private final LaneBatcher batcher;
  private final Set<Object> waiters = ConcurrentHashMap.newKeySet();
  private final List<TypedListener<?>> listeners = new CopyOnWriteArrayList<>();

  BenchEndpoint(String id, Executor executor, LaneBatcher batcher) {
    this.id = id;
    this.batcher = batcher;
    this.lane = new SerialLane("session " + id, executor);
  }

  <T extends SessionEvent> void on(Class<T> type, Consumer<? super T> listener) {
    listeners.add(new TypedListener<>(type, listener));
  }

  @Override
  public void deliver(JsonNode raw) {
    SessionEvent event = DECODER.decode(id, raw);
    batcher.submit(lane, () -> handle(event));
  }

  private void handle(SessionEvent event) {
    if (event instanceof PermissionRequestedEvent || event instanceof ExternalToolRequestedEvent) {
      throw new IllegalStateException("not part of this benchmark");
    }
    for (TypedListener<?> listener : listeners) {
      listener.accept(event);
    }
    for (Object waiter : waiters) {
      waiter.hashCode();
    }
  }

  @Override
  public void terminate(CopilotException cause) {
  }

  private static final class TypedListener<T extends SessionEvent> {
    private final Class<T> type;
    private final Consumer<? super T> consumer;

    TypedListener(Class<T> type, Consumer<? super T> consumer) {
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
