package dev.copilotj.bench.jmh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.internal.session.SessionRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The early-event buffer, in sessions per second: events arrive for an id nobody registered yet
 * ({@code SessionRegistry.onEvent} buffers them), then the session registers ({@code putLive} replays them in
 * order) and later leaves ({@code removeLive}). {@code registeredFirst} is the same traffic when the session
 * registers before its events, the normal case for local sessions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class EarlyEventBenchmark {

  private static final int IDS = 4096;

  /** Events that arrive before the session registers. */
  @Param({"1", "8"})
  public int earlyEvents;

  private SessionRegistry registry;
  private String[] ids;
  private JsonNode event;
  private RouterBenchmark.Counting endpoint;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    registry = new SessionRegistry(128, 256, Duration.ofSeconds(30), System::nanoTime);
    List<String> list = EventFrames.sessionIds(IDS);
    ids = list.toArray(String[]::new);
    event = EventFrames.params(list, 1)[0].get("event");
    endpoint = new RouterBenchmark.Counting();
  }

  @Benchmark
  public long bufferThenReplay() {
    String id = ids[next++ & (IDS - 1)];
    for (int i = 0; i < earlyEvents; i++) {
      registry.onEvent(id, event);
    }
    registry.putLive(id, endpoint);
    registry.removeLive(id, endpoint);
    return endpoint.delivered;
  }

  @Benchmark
  public long registeredFirst() {
    String id = ids[next++ & (IDS - 1)];
    registry.putLive(id, endpoint);
    for (int i = 0; i < earlyEvents; i++) {
      registry.onEvent(id, event);
    }
    registry.removeLive(id, endpoint);
    return endpoint.delivered;
  }
}
