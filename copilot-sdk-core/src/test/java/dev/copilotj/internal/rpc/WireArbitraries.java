package dev.copilotj.internal.rpc;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of bytes a peer might send: mostly frame-shaped (header names, numbers at and around the
 * limits, separators, whole valid frames), mixed with plain random bytes, so the fuzzer reaches the
 * decoder's branches instead of failing on the first byte every time.
 */
final class WireArbitraries {

  private WireArbitraries() {
  }

  /**
   * Wire bytes built from up to 40 tokens.
   *
   * @param limit the decoder's frame limit, so lengths just under, at and over it are tried
   */
  static Arbitrary<byte[]> wire(int limit) {
    Arbitrary<byte[]> token = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, headerTokens(limit)),
        net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-5, limit + 5).map(n -> ascii(Integer.toString(n)))),
        net.jqwik.api.Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(64)),
        net.jqwik.api.Tuple.of(3, validFrame(limit)),
        net.jqwik.api.Tuple.of(1, jsonRpcFrame()));
    return token.list().ofMaxSize(40).map(WireArbitraries::concat);
  }

  private static Arbitrary<byte[]> headerTokens(int limit) {
    return Arbitraries.of("Content-Length: ", "content-length:", "CONTENT-LENGTH :", "Content-Length", "Content-Type: x",
        "X-Other: y", "\r\n", "\r\n\r\n", "\n", "\n\n", "\r", ":", " ", "\t", "-", "+", "0", "00", "007",
        Integer.toString(limit), Integer.toString(limit + 1), Integer.toString(limit - 1), "2147483647",
        "2147483648", "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
        "-1", "-0", "1e3", "0x10", "1.5", " 12 ", "١٢", "{}", "{\"jsonrpc\":\"2.0\"", "\u00ff\u00fe")
        .map(WireArbitraries::latin1);
  }

  private static Arbitrary<byte[]> validFrame(int limit) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(Math.min(limit + 8, 5000))
        .map(body -> concat(List.of(ascii("Content-Length: " + body.length + "\r\n\r\n"), body)));
  }

  private static Arbitrary<byte[]> jsonRpcFrame() {
    return Arbitraries.of(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"result\":[]}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tool.call\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"m\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.event\",\"params\":{\"sessionId\":\"s\",\"event\":{}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.lifecycle\",\"params\":{\"type\":\"session.created\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":\"x\",\"data\":[]}}",
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "null", "", "\"\\ud800\"", "{\"a\":1e999999}")
        .map(json -> {
          byte[] body = json.getBytes(StandardCharsets.UTF_8);
          return concat(List.of(ascii("Content-Length: " + body.length + "\r\n\r\n"), body));
        });
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** Hands out its bytes in reads of random sizes between 1 and {@code maxChunk}, from a seed. */
  static final class RandomChunks extends InputStream {
    private final byte[] data;
    private final Random random;
    private final int maxChunk;
    private int position;

    RandomChunks(byte[] data, long seed, int maxChunk) {
      this.data = data;
      this.random = new Random(seed);
      this.maxChunk = Math.max(1, maxChunk);
    }

    @Override
    public int read() {
      return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (position >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, data.length - position), 1 + random.nextInt(maxChunk));
      System.arraycopy(data, position, b, off, n);
      position += n;
      return n;
    }
  }
}
