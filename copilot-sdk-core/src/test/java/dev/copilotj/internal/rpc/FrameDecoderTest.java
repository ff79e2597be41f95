package dev.copilotj.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private static final int LIMIT = 1024 * 1024;

  @Test
  void readsOneFrame() throws IOException {
    FrameDecoder decoder = decoder(frame("{\"a\":1}"));

    assertThat(text(decoder.readFrame())).isEqualTo("{\"a\":1}");
    assertThat(decoder.readFrame()).isNull();
  }

  @Test
  void readsSeveralFramesDeliveredInOneRead() throws IOException {
    // ByteArrayInputStream hands over everything in the first read, so frames 2 and 3 come from the buffer.
    FrameDecoder decoder = decoder(concat(frame("{\"n\":1}"), frame("{\"n\":22}"), frame(""), frame("{\"n\":333}")));

    assertThat(text(decoder.readFrame())).isEqualTo("{\"n\":1}");
    assertThat(text(decoder.readFrame())).isEqualTo("{\"n\":22}");
    assertThat(decoder.readFrame()).isEmpty();
    assertThat(text(decoder.readFrame())).isEqualTo("{\"n\":333}");
    assertThat(decoder.readFrame()).isNull();
  }

  @Test
  void readsFramesDeliveredOneBytePerRead() throws IOException {
    byte[] wire = concat(frame("{\"first\":true}"), frame("{\"second\":\"x\"}"));
    FrameDecoder decoder = new FrameDecoder(new ChunkedInputStream(wire, 1), LIMIT);

    assertThat(text(decoder.readFrame())).isEqualTo("{\"first\":true}");
    assertThat(text(decoder.readFrame())).isEqualTo("{\"second\":\"x\"}");
    assertThat(decoder.readFrame()).isNull();
  }

  @Test
  void keepsMultiByteUtf8IntactWhenSplitAtEveryOffset() throws IOException {
    String json = "{\"t\":\"héllo ✓ 😀\"}";
    byte[] wire = concat(frame(json), frame(json));
    for (int split = 0; split <= wire.length; split++) {
      InputStream in = new SplitInputStream(wire, split);
      FrameDecoder decoder = new FrameDecoder(in, LIMIT);

      assertThat(text(decoder.readFrame())).as("split at %d", split).isEqualTo(json);
      assertThat(text(decoder.readFrame())).as("split at %d", split).isEqualTo(json);
      assertThat(decoder.readFrame()).as("split at %d", split).isNull();
    }
  }

  @Test
  void announcesTheLengthInBytesNotChars() throws IOException {
    String json = "\"😀\"";
    assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(6); // 4-byte emoji plus two quotes

    assertThat(text(decoder(frame(json)).readFrame())).isEqualTo(json);
  }

  @Test
  void ignoresOtherHeadersBeforeOrAfterContentLength() throws IOException {
    byte[] wire = concat(
        ascii("Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"),
        ascii("Content-Type: application/json\r\nContent-Length: 4\r\n\r\n[11]"));
    FrameDecoder decoder = decoder(wire);

    assertThat(text(decoder.readFrame())).isEqualTo("{}");
    assertThat(text(decoder.readFrame())).isEqualTo("[11]");
  }

  @Test
  void headerNameIsCaseInsensitiveAndValueMayHaveSpaces() throws IOException {
    FrameDecoder decoder = decoder(concat(ascii("content-length: 2\r\n\r\n{}"), ascii("CONTENT-LENGTH:   3  \r\n\r\n[1]")));

    assertThat(text(decoder.readFrame())).isEqualTo("{}");
    assertThat(text(decoder.readFrame())).isEqualTo("[1]");
  }

  @Test
  void cleanEndOfStreamBetweenFramesReturnsNull() throws IOException {
    assertThat(decoder(new byte[0]).readFrame()).isNull();

    FrameDecoder decoder = decoder(frame("{}"));
    decoder.readFrame();
    assertThat(decoder.readFrame()).isNull();
    assertThat(decoder.readFrame()).isNull(); // stays at end
  }

  @Test
  void endOfStreamInsideTheHeaderFails() {
    FrameDecoder decoder = decoder(ascii("Content-Length: 5\r\n"));

    assertThatThrownBy(decoder::readFrame)
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("ended inside a frame header")
        .hasMessageContaining("Content-Length: 5\\r\\n");
  }

  @Test
  void endOfStreamInsideTheBodyFails() throws IOException {
    FrameDecoder decoder = decoder(concat(frame("{}"), ascii("Content-Length: 10\r\n\r\nabc")));
    decoder.readFrame();

    assertThatThrownBy(decoder::readFrame)
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("ended inside a frame")
        .hasMessageContaining("got 3 of the 10 bytes");
  }

  @Test
  void missingContentLengthFails() {
    FrameDecoder decoder = decoder(ascii("Content-Type: application/json\r\n\r\n{}"));

    assertThatThrownBy(decoder::readFrame)
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("no Content-Length")
        .hasMessageContaining("Content-Type: application/json");
  }

  @Test
  void headerLineWithoutColonFails() {
    FrameDecoder decoder = decoder(ascii("Content-Length 2\r\n\r\n{}"));

    assertThatThrownBy(decoder::readFrame)
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("Malformed frame header line 'Content-Length 2'");
  }

  @Test
  void nonNumericContentLengthFails() {
    FrameDecoder decoder = decoder(ascii("Content-Length: twelve\r\n\r\n{}"));

    assertThatThrownBy(decoder::readFrame)
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("'twelve' is not a number");
  }

  @Test
  void negativeContentLengthFails() {
    FrameDecoder decoder = decoder(ascii("Content-Length: -5\r\n\r\n{}"));

    assertThatThrownBy(decoder::readFrame)
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("-5 is negative");
  }

  @Test
  void lfOnlySeparatorsFailAfterTheHeaderLimitInsteadOfHanging() {
    // An endless stream of LF-only frames never contains CRLF CRLF; the decoder must give up, not read forever.
    CountingInfiniteStream in = new CountingInfiniteStream(ascii("Content-Length: 2\n\n{}"));
    FrameDecoder decoder = new FrameDecoder(in, LIMIT);

    FramingException error = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(FramingException.class, decoder::readFrame));

    assertThat(error).hasMessageContaining("No end of headers (CRLF CRLF) within " + FrameDecoder.MAX_HEADER_BYTES);
    assertThat(in.bytesRead).isGreaterThan(FrameDecoder.MAX_HEADER_BYTES).isLessThanOrEqualTo(64 * 1024);
  }

  @Test
  void oversizedBodyFailsNamingTheLimitWithoutReadingIt() {
    // Announces 1 GB; the decoder must reject it from the header alone, before allocating or reading the body.
    CountingInfiniteStream in = new CountingInfiniteStream(new byte[] {'x'});
    InputStream wire = new SequenceStream(ascii("Content-Length: 1000000000\r\n\r\n"), in);
    FrameDecoder decoder = new FrameDecoder(wire, 4096);

    FramingException error = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(FramingException.class, decoder::readFrame));

    assertThat(error).hasMessageContaining("1000000000 bytes exceeds the limit of 4096 bytes")
        .hasMessageContaining("maxFrameBytes");
    assertThat(in.bytesRead).isZero();
  }

  @Test
  void contentLengthBeyondIntRangeIsRejectedNotWrapped() {
    FrameDecoder decoder = decoder(ascii("Content-Length: 4294967298\r\n\r\n{}")); // 2^32 + 2 would wrap to 2

    assertThatThrownBy(decoder::readFrame)
        .isInstanceOf(FramingException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void bodyExactlyAtTheLimitIsAccepted() throws IOException {
    byte[] body = new byte[2048];
    Arrays.fill(body, (byte) 'a');

    assertThat(new FrameDecoder(new ByteArrayInputStream(frame(body)), 2048).readFrame()).isEqualTo(body);
  }

  @Test
  void readsABodyLargerThanTheInternalBuffer() throws IOException {
    byte[] big = new byte[1024 * 1024];
    new Random(42).nextBytes(big);
    byte[] wire = concat(frame(big), frame("{\"after\":1}"));
    // Odd-sized chunks so frame boundaries never line up with reads.
    FrameDecoder decoder = new FrameDecoder(new ChunkedInputStream(wire, 7001), 2 * 1024 * 1024);

    assertThat(decoder.readFrame()).isEqualTo(big);
    assertThat(text(decoder.readFrame())).isEqualTo("{\"after\":1}");
    assertThat(decoder.readFrame()).isNull();
  }

  @Test
  void rejectsNonPositiveLimit() {
    assertThatThrownBy(() -> new FrameDecoder(new ByteArrayInputStream(new byte[0]), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxFrameBytes");
  }

  // ---------------------------------------------------------------- helpers

  private static FrameDecoder decoder(byte[] wire) {
    return new FrameDecoder(new ByteArrayInputStream(wire), LIMIT);
  }

  static byte[] frame(String json) {
    return frame(json.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] frame(byte[] body) {
    return concat(ascii("Content-Length: " + body.length + "\r\n\r\n"), body);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Returns at most {@code chunk} bytes per read, as a slow pipe would. */
  private static final class ChunkedInputStream extends InputStream {
    private final byte[] data;
    private final int chunk;
    private int at;

    ChunkedInputStream(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return at < data.length ? data[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (at >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), data.length - at);
      System.arraycopy(data, at, b, off, n);
      at += n;
      return n;
    }
  }

  /** Delivers bytes [0, split) in the first read(s) and the rest after, never crossing {@code split} in one read. */
  private static final class SplitInputStream extends InputStream {
    private final byte[] data;
    private final int split;
    private int at;

    SplitInputStream(byte[] data, int split) {
      this.data = data;
      this.split = split;
    }

    @Override
    public int read() {
      return at < data.length ? data[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (at >= data.length) {
        return -1;
      }
      int end = at < split ? split : data.length;
      int n = Math.min(len, end - at);
      System.arraycopy(data, at, b, off, n);
      at += n;
      return n;
    }
  }

  /** Repeats a pattern forever and counts what was read. */
  private static final class CountingInfiniteStream extends InputStream {
    private final byte[] pattern;
    long bytesRead;

    CountingInfiniteStream(byte[] pattern) {
      this.pattern = pattern;
    }

    @Override
    public int read() {
      return pattern[(int) (bytesRead++ % pattern.length)] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        b[off + i] = pattern[(int) ((bytesRead + i) % pattern.length)];
      }
      bytesRead += len;
      return len;
    }
  }

  /** Serves {@code head} in exactly one read, then reads from {@code tail}. */
  private static final class SequenceStream extends InputStream {
    private final byte[] head;
    private final InputStream tail;
    private boolean headServed;

    SequenceStream(byte[] head, InputStream tail) {
      this.head = head;
      this.tail = tail;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (!headServed) {
        if (len < head.length) {
          throw new IllegalStateException("test expects the decoder to ask for at least " + head.length + " bytes");
        }
        System.arraycopy(head, 0, b, off, head.length);
        headServed = true;
        return head.length;
      }
      return tail.read(b, off, len);
    }
  }
}
