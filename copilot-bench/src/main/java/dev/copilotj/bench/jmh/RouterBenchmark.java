package dev.copilotj.bench.jmh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotException;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.event.SessionEventDecoder;
import dev.copilotj.internal.rpc.FrameDecoder;
import dev.copilotj.internal.session.NotificationRouter;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.internal.session.SessionRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-thread pieces of the event path, in events per second on one core: the router alone (parsed params in,
 * {@code SessionEndpoint.deliver} out), the whole reader-thread share (frame bytes, Jackson parse, router), and
 * the lane-side typed decoding alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class RouterBenchmark {

  static final int EVENTS = 1024;
  private static final SessionEventDecoder DECODER = new SessionEventDecoder();

  @Param({"1", "100"})
  public int sessions;

  private NotificationRouter router;
  private JsonNode[] params;
  private JsonNode[] events;
  private String[] eventSessionIds;
  private FrameDecoder decoder;
  private EventFrames.Rewindable input;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    SessionRegistry registry = new SessionRegistry(128, 256, Duration.ofSeconds(30), System::nanoTime);
    router = new NotificationRouter(registry, event -> { });
    List<String> ids = EventFrames.sessionIds(sessions);
    for (String id : ids) {
      registry.putLive(id, new Counting());
    }
    params = EventFrames.params(ids, EVENTS);
    events = new JsonNode[EVENTS];
    eventSessionIds = new String[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      events[i] = params[i].get("event");
      eventSessionIds[i] = params[i].get("sessionId").textValue();
    }
    input = new EventFrames.Rewindable(EventFrames.stream(ids, EVENTS));
    decoder = new FrameDecoder(input, 16 << 20);
  }

  /** NotificationRouter.route + SessionRegistry.onEvent + deliver (which only counts). */
  @Benchmark
  public void routerOnly() {
    router.route(NotificationRouter.SESSION_EVENT, params[next++ & (EVENTS - 1)]);
  }

  /** What the reader thread does per event: FrameDecoder, Jackson tree parse, dispatch, router, deliver. */
  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void readerThread() throws IOException {
    input.rewind();
    byte[] body;
    while ((body = decoder.readFrame()) != null) {
      EventFrames.dispatch(body, router);
    }
  }

  /** What the lane does per event before the listeners: SessionEventDecoder.decode into a typed record. */
  @Benchmark
  public SessionEvent decodeOnly() {
    int i = next++ & (EVENTS - 1);
    return DECODER.decode(eventSessionIds[i], events[i]);
  }

  /** An endpoint that only counts, so nothing but the routing is measured. */
  static final class Counting implements SessionEndpoint {
    long delivered;

    @Override
    public void deliver(JsonNode event) {
      delivered++;
    }

    @Override
    public void terminate(CopilotException cause) {
    }
  }
}
