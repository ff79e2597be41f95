package dev.copilotj.internal.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * An unbounded in-memory byte pipe for tests. Unlike {@code PipedInputStream} it does not care which
 * threads read and write (that class fails once the last writer thread has ended). Closing the write side
 * gives the reader end of stream after the buffered bytes; closing the read side wakes a blocked reader
 * with an {@link IOException}, as closing a socket or process pipe does.
 */
final class MemoryPipe {

  private final long readTimeoutNanos;
  private final Object lock = new Object();
  private final Deque<byte[]> chunks = new ArrayDeque<>();
  private int headOffset;
  private boolean writerClosed;
  private boolean readerClosed;

  private final InputStream input = new InputStream() {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      synchronized (lock) {
        long deadline = System.nanoTime() + readTimeoutNanos;
        while (chunks.isEmpty() && !writerClosed && !readerClosed) {
          try {
            if (readTimeoutNanos == 0) {
              lock.wait();
            } else {
              long left = deadline - System.nanoTime();
              if (left <= 0) {
                throw new IOException("Nothing to read within " + readTimeoutNanos / 1_000_000 + " ms");
              }
              lock.wait(Math.max(1, left / 1_000_000));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
        if (readerClosed) {
          throw new IOException("Pipe closed");
        }
        if (chunks.isEmpty()) {
          return -1;
        }
        byte[] head = chunks.peekFirst();
        int n = Math.min(len, head.length - headOffset);
        System.arraycopy(head, headOffset, b, off, n);
        headOffset += n;
        if (headOffset == head.length) {
          chunks.removeFirst();
          headOffset = 0;
        }
        return n;
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        readerClosed = true;
        lock.notifyAll();
      }
    }
  };

  private final OutputStream output = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (lock) {
        if (writerClosed || readerClosed) {
          throw new IOException("Pipe closed");
        }
        if (len > 0) {
          chunks.addLast(Arrays.copyOfRange(b, off, off + len));
          lock.notifyAll();
        }
      }
    }

    @Override
    public void close() {
      synchronized (lock) {
        writerClosed = true;
        lock.notifyAll();
      }
    }
  };

  /** A pipe whose reads block until data arrives. */
  MemoryPipe() {
    this(0);
  }

  /**
   * A pipe whose reads fail after waiting this long, so a test that expects a frame cannot hang.
   *
   * @param readTimeoutMillis 0 to wait forever
   */
  MemoryPipe(long readTimeoutMillis) {
    this.readTimeoutNanos = readTimeoutMillis * 1_000_000;
  }

  InputStream input() {
    return input;
  }

  OutputStream output() {
    return output;
  }
}
