package dev.copilotj.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzes {@link FrameDecoder} with jqwik. The number of tries comes from {@code jqwik.tries.default}
 * (1000 in {@code junit-platform.properties}; raise it on the command line for a long run).
 */
class FrameDecoderFuzzTest {

  private static final int LIMIT = 4096;
  /** The decoder's own buffer and the small strings of header parsing and error messages. */
  private static final long FIXED_ALLOCATION = 256 * 1024;
  /** Per frame: the body (at most the limit) plus the header text and its split lines. */
  private static final long PER_FRAME_ALLOCATION = LIMIT + 64 * 1024;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Property
  void arbitraryBytesGiveFramesWithinTheLimitOrAFramingExceptionAndNothingElse(
      @ForAll("wire") byte[] wire, @ForAll long seed, @ForAll @IntRange(min = 1, max = 9000) int maxChunk,
      @ForAll @IntRange(min = 1, max = 70_000) int bufferSize) {
    FrameDecoder decoder = new FrameDecoder(new WireArbitraries.RandomChunks(wire, seed, maxChunk), LIMIT, bufferSize);
    Outcome outcome = decodeAll(decoder, wire.length);

    assertThat(outcome.unexpected).as("only FramingException may escape").isNull();
    assertThat(outcome.largestBody).as("largest body").isLessThanOrEqualTo(LIMIT);
    // every frame consumes at least its CRLF CRLF, so the loop ends: at most one frame per 4 bytes
    assertThat(outcome.frames).as("frames from %d bytes", wire.length).isLessThanOrEqualTo(wire.length / 4 + 1);
    assertThat(outcome.allocatedBytes).as("bytes allocated while decoding %d frames", outcome.frames)
        .isLessThanOrEqualTo(FIXED_ALLOCATION + (outcome.frames + 1) * PER_FRAME_ALLOCATION);
  }

  @Property
  void anAnnouncedLengthOverTheLimitIsRefusedBeforeAnythingIsAllocatedForIt(
      @ForAll("hugeLengths") String length) {
    byte[] wire = ("Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(wire), LIMIT);
    Outcome outcome = decodeAll(decoder, wire.length);

    assertThat(outcome.unexpected).isNull();
    assertThat(outcome.frames).isZero();
    assertThat(outcome.framingError).isNotNull();
    assertThat(outcome.allocatedBytes).isLessThanOrEqualTo(FIXED_ALLOCATION);
  }

  @Property
  void encodedFramesSplitAtRandomReadBoundariesDecodeToTheSameBodies(
      @ForAll("bodies") List<byte[]> bodies, @ForAll("headerStyles") List<Integer> styles, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20_000) int maxChunk,
      @ForAll @IntRange(min = 1, max = 70_000) int bufferSize) throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < bodies.size(); i++) {
      wire.writeBytes(header(bodies.get(i).length, styles.isEmpty() ? 0 : styles.get(i % styles.size())));
      wire.writeBytes(bodies.get(i));
    }
    FrameDecoder decoder = new FrameDecoder(
        new WireArbitraries.RandomChunks(wire.toByteArray(), seed, maxChunk), 1 << 20, bufferSize);

    List<byte[]> decoded = new ArrayList<>();
    byte[] body;
    while ((body = decoder.readFrame()) != null) {
      decoded.add(body);
    }
    assertThat(decoded).hasSameSizeAs(bodies);
    for (int i = 0; i < bodies.size(); i++) {
      assertThat(decoded.get(i)).as("frame %d", i).isEqualTo(bodies.get(i));
    }
  }

  // ---------------------------------------------------------------- pinned edges

  /*
   * Inputs the fuzzer finds failing are kept here as @Example methods. None so far (see docs/reliability.md);
   * this one pins an edge by hand: a header block exactly at the header limit, then the end of the stream.
   */
  @Example
  void aHeaderBlockOfExactlyTheHeaderLimitFailsCleanly() {
    byte[] wire = new byte[FrameDecoder.MAX_HEADER_BYTES];
    java.util.Arrays.fill(wire, (byte) 'a');
    Outcome outcome = decodeAll(new FrameDecoder(new ByteArrayInputStream(wire), LIMIT, 1), wire.length);
    assertThat(outcome.unexpected).isNull();
    assertThat(outcome.framingError).isNotNull();
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<byte[]> wire() {
    return WireArbitraries.wire(LIMIT);
  }

  @Provide
  Arbitrary<String> hugeLengths() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(LIMIT + 1L, Long.MAX_VALUE).map(n -> Long.toString(n)),
        Arbitraries.of("2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
            "18446744073709551616", "99999999999999999999999999999", " 4097", "4097 "));
  }

  @Provide
  Arbitrary<List<byte[]>> bodies() {
    Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    // large bodies, cheaply: seeded random bytes (jqwik builds big arrays element by element)
    Arbitrary<byte[]> large = net.jqwik.api.Combinators.combine(Arbitraries.longs(),
        Arbitraries.integers().between(8000, 70_000)).as((seed, size) -> {
          byte[] body = new byte[size];
          new java.util.Random(seed).nextBytes(body);
          return body;
        });
    Arbitrary<byte[]> utf8 = Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, small), net.jqwik.api.Tuple.of(1, large), net.jqwik.api.Tuple.of(3, utf8))
        .list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<Integer>> headerStyles() {
    return Arbitraries.integers().between(0, 4).list().ofMaxSize(5);
  }

  /** The header the CLI sends, and variants the decoder must accept. */
  private static byte[] header(int length, int style) {
    String text = switch (style) {
      case 1 -> "content-length:" + length + "\r\n\r\n";
      case 2 -> "Content-Length:   " + length + "  \r\n\r\n";
      case 3 -> "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: " + length + "\r\n\r\n";
      case 4 -> "CONTENT-LENGTH: " + length + "\r\nX-Extra: 1\r\n\r\n";
      default -> "Content-Length: " + length + "\r\n\r\n";
    };
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------- running the decoder

  private static final class Outcome {
    int frames;
    int largestBody;
    FramingException framingError;
    Throwable unexpected;
    long allocatedBytes;
  }

  /** Reads until the end, a framing error or anything else; no assertion inside, so allocation is the decoder's. */
  private static Outcome decodeAll(FrameDecoder decoder, int wireLength) {
    Outcome outcome = new Outcome();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    try {
      for (int i = 0; i <= wireLength / 4 + 2; i++) { // one more than possible, so a runaway shows
        byte[] body = decoder.readFrame();
        if (body == null) {
          break;
        }
        outcome.frames++;
        outcome.largestBody = Math.max(outcome.largestBody, body.length);
      }
    } catch (FramingException e) {
      outcome.framingError = e;
    } catch (Throwable t) {
      outcome.unexpected = t;
    }
    outcome.allocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - before;
    return outcome;
  }
}
