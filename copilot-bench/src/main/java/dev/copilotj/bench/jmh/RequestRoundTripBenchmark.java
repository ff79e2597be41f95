package dev.copilotj.bench.jmh;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.CopilotException;
import dev.copilotj.PingResponse;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.rpc.FrameDecoder;
import dev.copilotj.internal.rpc.JsonRpcConnection;
import dev.copilotj.internal.rpc.Transport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code ping} round trip without the CLI, in microseconds: the SDK's {@link JsonRpcConnection} (writer
 * thread, reader thread, timeout timer, typed result) and a minimal client (write on the caller's thread, reader
 * thread, a map of futures) each talk over real OS pipes to the same kind of in-process echo peer, which answers
 * every request with the CLI's ping result. The difference is the SDK's own per-request cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class RequestRoundTripBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> PARAMS = Map.of("message", "hello");

  private JsonRpcConnection sdk;
  private MinimalClient minimal;
  private MinimalClient minimalQueued;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Pipe toSdkPeer = Pipe.open();
    Pipe fromSdkPeer = Pipe.open();
    EchoPeer.start(Channels.newInputStream(toSdkPeer.source()), Channels.newOutputStream(fromSdkPeer.sink()));
    InputStream sdkIn = Channels.newInputStream(fromSdkPeer.source());
    OutputStream sdkOut = new BufferedOutputStream(Channels.newOutputStream(toSdkPeer.sink()), 8192);
    Transport transport = new Transport() {
      @Override
      public InputStream input() {
        return sdkIn;
      }

      @Override
      public OutputStream output() {
        return sdkOut;
      }

      @Override
      public CopilotException describeEnd(IOException error) {
        return new CopilotException("closed", error);
      }

      @Override
      public void close() {
      }
    };
    sdk = new JsonRpcConnection("bench-rpc", transport, new JsonRpcConnection.Listener() {
      @Override
      public void onNotification(String method, JsonNode params) {
      }

      @Override
      public void onClosed(CopilotException cause) {
      }
    }, SdkThreads.defaultCallbackExecutor(), 16 << 20);
    sdk.start();

    Pipe toMinimalPeer = Pipe.open();
    Pipe fromMinimalPeer = Pipe.open();
    EchoPeer.start(Channels.newInputStream(toMinimalPeer.source()),
        Channels.newOutputStream(fromMinimalPeer.sink()));
    minimal = new MinimalClient(Channels.newInputStream(fromMinimalPeer.source()),
        new BufferedOutputStream(Channels.newOutputStream(toMinimalPeer.sink()), 8192), false);

    Pipe toQueuedPeer = Pipe.open();
    Pipe fromQueuedPeer = Pipe.open();
    EchoPeer.start(Channels.newInputStream(toQueuedPeer.source()), Channels.newOutputStream(fromQueuedPeer.sink()));
    minimalQueued = new MinimalClient(Channels.newInputStream(fromQueuedPeer.source()),
        new BufferedOutputStream(Channels.newOutputStream(toQueuedPeer.sink()), 8192), true);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close(new CopilotException("done"));
  }

  /** What {@code CopilotClient.ping} does below the client: request, timeout, typed result. */
  @Benchmark
  public PingResponse sdkJsonRpcConnection() throws Exception {
    return sdk.request("ping", PARAMS, Duration.ofSeconds(60), result -> new PingResponse(
        Json.text(result, "message", ""), Json.instant(result, "timestamp"),
        Json.intValue(result, "protocolVersion", 0))).get(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public JsonNode minimalClient() throws Exception {
    return minimal.ping().get(10, TimeUnit.SECONDS);
  }

  /** The minimal client with one change: frames go through a queue to a writer thread, as in the SDK. */
  @Benchmark
  public JsonNode minimalClientWithWriterThread() throws Exception {
    return minimalQueued.ping().get(10, TimeUnit.SECONDS);
  }

  /** Answers every request frame with the CLI's ping result; its own thread. */
  static final class EchoPeer {
    static void start(InputStream in, OutputStream out) {
      Thread t = new Thread(() -> {
        try {
          FrameDecoder decoder = new FrameDecoder(in, 16 << 20);
          OutputStream buffered = new BufferedOutputStream(out, 8192);
          byte[] body;
          while ((body = decoder.readFrame()) != null) {
            JsonNode request = JSON.readTree(body);
            String response = "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id").asLong()
                + ",\"result\":{\"message\":\"pong: hello\",\"timestamp\":\"" + Instant.now()
                + "\",\"protocolVersion\":3}}";
            buffered.write(EventFrames.frame(response));
            buffered.flush();
          }
        } catch (IOException e) {
          // closed
        }
      }, "echo-peer");
      t.setDaemon(true);
      t.start();
    }
  }

  /** The raw client's way: frame written on the caller's thread, one reader thread, futures by id. */
  static final class MinimalClient {
    private final OutputStream out;
    private final InputStream in;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();
    private final boolean writerThread;

    MinimalClient(InputStream in, OutputStream out, boolean writerThread) {
      this.in = new BufferedInputStream(in, 64 * 1024);
      this.out = out;
      this.writerThread = writerThread;
      Thread reader = new Thread(this::readLoop, "minimal-reader");
      reader.setDaemon(true);
      reader.start();
      if (writerThread) {
        Thread writer = new Thread(this::writeLoop, "minimal-writer");
        writer.setDaemon(true);
        writer.start();
      }
    }

    private void writeLoop() {
      try {
        while (true) {
          byte[] frame = outbound.take();
          while (frame != null) {
            out.write(frame);
            frame = outbound.poll();
          }
          out.flush();
        }
      } catch (InterruptedException | IOException e) {
        // closed
      }
    }

    CompletableFuture<JsonNode> ping() throws IOException {
      long id = ids.incrementAndGet();
      CompletableFuture<JsonNode> future = new CompletableFuture<>();
      pending.put(id, future);
      ObjectNode message = JSON.createObjectNode();
      message.put("jsonrpc", "2.0");
      message.put("id", id);
      message.put("method", "ping");
      message.putObject("params").put("message", "hello");
      byte[] frame = EventFrames.frame(JSON.writeValueAsString(message));
      if (writerThread) {
        outbound.add(frame);
        return future;
      }
      synchronized (this) {
        out.write(frame);
        out.flush();
      }
      return future;
    }

    private void readLoop() {
      try {
        FrameDecoder decoder = new FrameDecoder(in, 16 << 20);
        byte[] body;
        while ((body = decoder.readFrame()) != null) {
          JsonNode message = JSON.readTree(body);
          CompletableFuture<JsonNode> future = pending.remove(message.get("id").asLong());
          if (future != null) {
            future.complete(message.get("result"));
          }
        }
      } catch (IOException e) {
        // closed
      }
    }
  }

}
