package dev.copilotj.bench.jmh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotException;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.internal.session.SessionRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code SessionRegistry.onEvent} for live ids from several threads at once (lookups are meant to take no lock),
 * and the same lookups while another thread keeps registering and removing sessions (which takes the lock).
 * Scores are total events per second over all threads; on a 2-core machine, 4 threads oversubscribe the CPU.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RegistryContentionBenchmark {

  static final int LIVE = 100;

  /** One registry with {@value #LIVE} live sessions, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    SessionRegistry registry;
    String[] ids;
    JsonNode event;
    final SessionEndpoint endpoint = new Noop();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      registry = new SessionRegistry(128, 256, Duration.ofSeconds(30), System::nanoTime);
      List<String> list = EventFrames.sessionIds(LIVE);
      ids = list.toArray(String[]::new);
      for (String id : ids) {
        registry.putLive(id, endpoint);
      }
      event = EventFrames.params(list, 1)[0].get("event");
    }
  }

  /** Each thread walks the ids from its own offset. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = ThreadLocalRandom.current().nextInt(LIVE);
    final String churnId = UUID.randomUUID().toString();
  }

  private static void lookup(Shared s, Cursor c) {
    int i = c.next;
    c.next = i + 1 == LIVE ? 0 : i + 1;
    s.registry.onEvent(s.ids[i], s.event);
  }

  @Benchmark
  @Threads(1)
  public void lookup1Thread(Shared s, Cursor c) {
    lookup(s, c);
  }

  @Benchmark
  @Threads(2)
  public void lookup2Threads(Shared s, Cursor c) {
    lookup(s, c);
  }

  @Benchmark
  @Threads(4)
  public void lookup4Threads(Shared s, Cursor c) {
    lookup(s, c);
  }

  @Benchmark
  @Group("lookupsWhileRegistering")
  @GroupThreads(3)
  public void lookups(Shared s, Cursor c) {
    lookup(s, c);
  }

  @Benchmark
  @Group("lookupsWhileRegistering")
  @GroupThreads(1)
  public void registerAndRemove(Shared s, Cursor c) {
    s.registry.putLive(c.churnId, s.endpoint);
    s.registry.removeLive(c.churnId, s.endpoint);
  }

  /** Does nothing, so only the lookup is measured (no shared counter to contend on). */
  static final class Noop implements SessionEndpoint {
    @Override
    public void deliver(JsonNode event) {
    }

    @Override
    public void terminate(CopilotException cause) {
    }
  }
}
