package dev.copilotj.bench.jmh;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.internal.concurrent.LaneBatcher;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.rpc.FrameDecoder;
import dev.copilotj.internal.session.NotificationRouter;
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
 * The SDK's in-process event path end to end, in events per second: the bytes of {@code session.event} frames
 * (streamed {@code assistant.message_delta}) go through {@link FrameDecoder}, the Jackson parse and the
 * dispatch of {@code JsonRpcConnection}, {@link NotificationRouter} and {@link SessionRegistry} on this
 * (the "reader") thread, the typed-event decoding, then each session's {@code SerialLane} on the SDK's default
 * callback executor and a listener. Each op pushes {@value #BATCH} events and waits until the listeners have
 * counted all of them, so queued-but-unhandled work is never counted. With {@code readerBatching} the lanes are
 * started through a {@link LaneBatcher} flushed before each read of the stream, as {@code CopilotClient} does;
 * without it every event starts its lane at once (the SDK's behaviour when frames arrive one at a time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class HotPathBenchmark {

  static final int BATCH = 1000;

  /** How many sessions the events are spread over (round-robin). */
  @Param({"1", "100"})
  public int sessions;

  /** Whether lanes are started once per buffered burst of frames (the SDK) or once per event. */
  @Param({"true", "false"})
  public boolean readerBatching;

  private final LaneBatcher batcher = new LaneBatcher();
  private NotificationRouter router;
  private FrameDecoder decoder;
  private EventFrames.Rewindable input;
  private final AtomicLong delivered = new AtomicLong();
  private volatile long target;
  private volatile Thread waiter;
  private long expected;

  @Setup(Level.Trial)
  public void setUp() {
    Executor executor = SdkThreads.defaultCallbackExecutor();
    SessionRegistry registry = new SessionRegistry(128, 256, Duration.ofSeconds(30), System::nanoTime);
    router = new NotificationRouter(registry, event -> { });
    List<String> ids = EventFrames.sessionIds(sessions);
    for (String id : ids) {
      BenchEndpoint endpoint = new BenchEndpoint(id, executor, batcher);
      endpoint.on(AssistantMessageDeltaEvent.class, this::count);
      registry.putLive(id, endpoint);
    }
    input = new EventFrames.Rewindable(EventFrames.stream(ids, BATCH));
    decoder = readerBatching
        ? new FrameDecoder(input, 16 << 20, batcher::flush)
        : new FrameDecoder(input, 16 << 20);
  }

  private void count(AssistantMessageDeltaEvent event) {
    if (delivered.incrementAndGet() == target) {
      LockSupport.unpark(waiter);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long bytesToListener() throws IOException {
    long goal = expected + BATCH;
    expected = goal;
    waiter = Thread.currentThread();
    if (readerBatching) {
      batcher.bindToCurrentThread();
    }
    target = goal;
    input.rewind();
    byte[] body;
    while ((body = decoder.readFrame()) != null) {
      EventFrames.dispatch(body, router);
    }
    while (delivered.get() < goal) {
      LockSupport.park(this);
    }
    return goal;
  }
}
