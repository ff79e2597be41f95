package dev.copilotj.internal.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Reads {@code Content-Length} framed messages ({@code Content-Length: N\r\n\r\n<N bytes>}) from a stream.
 *
 * <p>Not thread-safe: one reader thread owns it. The header block and the body are both bounded, so a
 * misbehaving peer can neither hang the reader on a header that never ends nor make it allocate more
 * than {@code maxFrameBytes} for one body.
 */
public final class FrameDecoder {

  /** Headers are a line or two; anything longer is not a frame we understand. */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  private static final String CONTENT_LENGTH = "content-length";

  private final InputStream in;
  private final Runnable beforeRead;
  private final int maxFrameBytes;
  private final byte[] buffer;
  private int position;
  private int limit;

  /**
   * Creates a decoder.
   *
   * @param in the stream to read; closed by its owner, not by the decoder
   * @param maxFrameBytes the largest body accepted
   */
  public FrameDecoder(InputStream in, int maxFrameBytes) {
    this(in, maxFrameBytes, () -> { });
  }

  /**
   * Creates a decoder that says when it is about to read from the stream.
   *
   * @param in the stream to read; closed by its owner, not by the decoder
   * @param maxFrameBytes the largest body accepted
   * @param beforeRead runs before every read from {@code in}, which may block: the moment to hand over work
   *     gathered from the frames already decoded
   */
  public FrameDecoder(InputStream in, int maxFrameBytes, Runnable beforeRead) {
    this(in, maxFrameBytes, 64 * 1024, beforeRead);
  }

  FrameDecoder(InputStream in, int maxFrameBytes, int bufferSize) {
    this(in, maxFrameBytes, bufferSize, () -> { });
  }

  private FrameDecoder(InputStream in, int maxFrameBytes, int bufferSize, Runnable beforeRead) {
    if (maxFrameBytes <= 0) {
      throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
    }
    this.in = in;
    this.beforeRead = beforeRead;
    this.maxFrameBytes = maxFrameBytes;
    this.buffer = new byte[Math.max(bufferSize, MAX_HEADER_BYTES)];
  }

  /**
   * Reads the next frame's body.
   *
   * @return the body, or {@code null} when the stream ended cleanly between two frames
   * @throws FramingException when the bytes are not a valid frame or the stream ended inside one
   * @throws IOException when reading fails
   */
  public byte @Nullable [] readFrame() throws IOException {
    int headerEnd = findHeaderEnd();
    if (headerEnd < 0) {
      return null;
    }
    int contentLength = parseContentLength(position, headerEnd);
    position = headerEnd + 4;
    byte[] body = new byte[contentLength];
    int buffered = Math.min(limit - position, contentLength);
    System.arraycopy(buffer, position, body, 0, buffered);
    position += buffered;
    int filled = buffered;
    while (filled < contentLength) {
      beforeRead.run();
      int n = in.read(body, filled, contentLength - filled);
      if (n < 0) {
        throw new FramingException("The stream ended inside a frame: got " + filled + " of the "
            + contentLength + " bytes its Content-Length announced");
      }
      filled += n;
    }
    return body;
  }

  /** Returns the index of the {@code \r\n\r\n} that ends the header block, or -1 on a clean end of stream. */
  private int findHeaderEnd() throws IOException {
    int scanned = 0; // bytes after position already known not to start the terminator
    while (true) {
      for (int i = position + scanned; i + 3 < limit; i++) {
        if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
          return i;
        }
      }
      scanned = Math.max(0, limit - position - 3);
      if (limit - position >= MAX_HEADER_BYTES) {
        throw new FramingException("No end of headers (CRLF CRLF) within " + MAX_HEADER_BYTES
            + " bytes; the peer is not speaking Content-Length framing: "
            + preview(position, Math.min(limit, position + 80)));
      }
      if (!fill()) {
        if (limit == position) {
          return -1;
        }
        throw new FramingException("The stream ended inside a frame header: " + preview(position, limit));
      }
    }
  }

  /** Reads more bytes, compacting first; returns false at end of stream. */
  private boolean fill() throws IOException {
    if (position > 0) {
      int remaining = limit - position;
      System.arraycopy(buffer, position, buffer, 0, remaining);
      position = 0;
      limit = remaining;
    }
    beforeRead.run();
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private int parseContentLength(int from, int headerEnd) throws FramingException {
    String headers = new String(buffer, from, headerEnd - from, StandardCharsets.US_ASCII);
    long length = -1;
    // not String.split: a two-character separator compiles a regex for every frame
    for (int start = 0; start <= headers.length(); ) {
      int end = headers.indexOf("\r\n", start);
      if (end < 0) {
        end = headers.length();
      }
      String line = headers.substring(start, end);
      start = end + 2;
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new FramingException("Malformed frame header line '" + printable(line)
            + "': expected 'Name: value'");
      }
      if (line.substring(0, colon).trim().equalsIgnoreCase(CONTENT_LENGTH)) {
        String value = line.substring(colon + 1).trim();
        try {
          length = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new FramingException("Content-Length '" + printable(value) + "' is not a number");
        }
        if (length < 0) {
          throw new FramingException("Content-Length " + length + " is negative");
        }
      }
    }
    if (length < 0) {
      throw new FramingException("Frame header has no Content-Length: '" + printable(headers) + "'");
    }
    if (length > maxFrameBytes) {
      throw new FramingException("Frame of " + length + " bytes exceeds the limit of " + maxFrameBytes
          + " bytes (raise CopilotClientOptions.maxFrameBytes if the peer really sends frames this large)");
    }
    return (int) length;
  }

  private String preview(int from, int to) {
    return "'" + printable(new String(buffer, from, to - from, StandardCharsets.US_ASCII)) + "'";
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replace("\r", "\\r").replace("\n", "\\n");
  }
}
