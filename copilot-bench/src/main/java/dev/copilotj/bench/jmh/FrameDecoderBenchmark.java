package dev.copilotj.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.copilotj.internal.rpc.FrameDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Framing alone, in frames per second: the SDK's {@link FrameDecoder} against a minimal header scan (find
 * {@code \r\n\r\n}, read the {@code Content-Length} digits) over the same 1000 small {@code session.event} frames.
 * Run with {@code -prof gc} to see the garbage per frame beyond the body itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class FrameDecoderBenchmark {

  static final int FRAMES = 1000;
  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

  private byte[] stream;
  private EventFrames.Rewindable input;
  private FrameDecoder decoder;

  @Setup(Level.Trial)
  public void setUp() {
    stream = EventFrames.stream(EventFrames.sessionIds(100), FRAMES);
    input = new EventFrames.Rewindable(stream);
    decoder = new FrameDecoder(input, 16 << 20);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void sdkFrameDecoder(Blackhole sink) throws IOException {
    input.rewind();
    byte[] body;
    while ((body = decoder.readFrame()) != null) {
      sink.consume(body);
    }
  }

  /** A header scan without strings or regular expressions, copying each body out like the SDK does. */
  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public void minimalHeaderScan(Blackhole sink) {
    byte[] data = stream;
    int at = 0;
    while (at < data.length) {
      int end = at;
      while (!(data[end] == '\r' && data[end + 1] == '\n' && data[end + 2] == '\r' && data[end + 3] == '\n')) {
        end++;
      }
      int length = -1;
      for (int i = at; i + CONTENT_LENGTH.length <= end; i++) {
        if (matchesIgnoreCase(data, i)) {
          int p = i + CONTENT_LENGTH.length;
          while (data[p] == ' ') {
            p++;
          }
          length = 0;
          while (p < end && data[p] >= '0' && data[p] <= '9') {
            length = length * 10 + (data[p++] - '0');
          }
          break;
        }
      }
      byte[] body = new byte[length];
      System.arraycopy(data, end + 4, body, 0, length);
      sink.consume(body);
      at = end + 4 + length;
    }
  }

  private static boolean matchesIgnoreCase(byte[] data, int at) {
    for (int j = 0; j < CONTENT_LENGTH.length; j++) {
      int c = data[at + j];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != CONTENT_LENGTH[j]) {
        return false;
      }
    }
    return true;
  }
}
