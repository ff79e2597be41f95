package dev.copilotj.bench.jmh;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.CopilotException;
import dev.copilotj.PingResponse;
import dev.copilotj.internal.client.ServerResults;
import dev.copilotj.bench.RawClient;
import dev.copilotj.internal.concurrent.SdkThreads;
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
 * One {@code ping} round trip without the CLI, in microseconds: the SDK's {@link JsonRpcConnection} (small frames
 * written on the caller's thread, reader thread, deadline sweeper, typed result) and the protocol benchmark's
 * {@link RawClient} (write on the caller's thread, reader thread, a map of futures) each talk over real OS pipes to
 * the same kind of in-process echo peer, which answers every request with the CLI's ping result. The difference is
 * the SDK's own per-request cost.
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
  private RawClient minimal;
  private RawClient minimalQueued;

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
    minimal = RawClient.overStreams(Channels.newInputStream(fromMinimalPeer.source()),
        new BufferedOutputStream(Channels.newOutputStream(toMinimalPeer.sink()), 8192), false);

    Pipe toQueuedPeer = Pipe.open();
    Pipe fromQueuedPeer = Pipe.open();
    EchoPeer.start(Channels.newInputStream(toQueuedPeer.source()), Channels.newOutputStream(fromQueuedPeer.sink()));
    minimalQueued = RawClient.overStreams(Channels.newInputStream(fromQueuedPeer.source()),
        new BufferedOutputStream(Channels.newOutputStream(toQueuedPeer.sink()), 8192), true);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close(new CopilotException("done"));
    minimal.close();
    minimalQueued.close();
  }

  /** What {@code CopilotClient.ping} does below the client: request, timeout, typed result. */
  @Benchmark
  public PingResponse sdkJsonRpcConnection() throws Exception {
    return sdk.request("ping", PARAMS, Duration.ofSeconds(60), ServerResults::ping).get(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public JsonNode minimalClient() throws Exception {
    return ping(minimal);
  }

  /** The minimal client with one change: every frame goes through a queue to a writer thread. */
  @Benchmark
  public JsonNode minimalClientWithWriterThread() throws Exception {
    return ping(minimalQueued);
  }

  private static JsonNode ping(RawClient client) throws Exception {
    return client.request("ping", client.params().put("message", "hello")).get(10, TimeUnit.SECONDS);
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
}
