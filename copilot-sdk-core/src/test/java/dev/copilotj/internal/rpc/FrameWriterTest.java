package dev.copilotj.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

  /** A kernel pipe buffer in miniature: writes block while it is full, until the peer reads. */
  private static final class BoundedPipe extends OutputStream {
    private final int capacity;
    private final ByteArrayOutputStream delivered = new ByteArrayOutputStream();
    private final List<String> writerThreads = new CopyOnWriteArrayList<>();
    private int buffered;

    BoundedPipe(int capacity) {
      this.capacity = capacity;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      writerThreads.add(Thread.currentThread().getName());
      for (int i = 0; i < len; i++) {
        while (buffered == capacity) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
        delivered.write(b[off + i]);
        buffered++;
      }
    }

    synchronized void peerReadsEverything() {
      buffered = 0;
      notifyAll();
    }

    synchronized String delivered() {
      return delivered.toString(StandardCharsets.US_ASCII);
    }
  }

  private final AtomicReference<IOException> failure = new AtomicReference<>();
  private FrameWriter writer;

  @AfterEach
  void close() {
    if (writer != null) {
      writer.close();
    }
  }

  private static byte[] frame(int index, int size) {
    String head = "[" + index + "]";
    return (head + "x".repeat(size - head.length())).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void smallFramesAreWrittenOnTheCallersThreadInOrder() {
    BoundedPipe pipe = new BoundedPipe(1 << 20);
    writer = new FrameWriter("test-writer", pipe, failure::set);
    writer.start();
    AtomicLong end = new AtomicLong();
    for (int i = 0; i < 100; i++) {
      writer.send(frame(i, 100), end::set);
      writer.peerRead(end.get()); // the peer answers each request before the next is sent, as in a ping loop
    }
    assertThat(pipe.writerThreads).containsOnly(Thread.currentThread().getName());
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      expected.append(new String(frame(i, 100), StandardCharsets.US_ASCII));
    }
    assertThat(pipe.delivered()).isEqualTo(expected.toString());
    assertThat(end).hasValue(100 * 100);
  }

  @Test
  void framesTheKernelMayNotHaveRoomForGoToTheWriterThread() {
    BoundedPipe pipe = new BoundedPipe(1 << 20);
    writer = new FrameWriter("test-writer", pipe, failure::set);
    writer.start();
    writer.send(frame(0, FrameWriter.DIRECT_WRITE_BUDGET + 1), null);
    await().atMost(Duration.ofSeconds(5)).until(() -> !pipe.delivered().isEmpty());
    assertThat(pipe.writerThreads).containsOnly("test-writer");
  }

  @Test
  void aFrozenPeerNeverBlocksACallerAndNothingIsLostOrReordered() {
    // the peer reads nothing: unanswered bytes reach the budget, later frames queue, the pipe fills
    BoundedPipe pipe = new BoundedPipe(FrameWriter.DIRECT_WRITE_BUDGET);
    writer = new FrameWriter("test-writer", pipe, failure::set);
    writer.start();
    List<byte[]> sent = new ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 500; i++) {
        byte[] frame = frame(i, 64 + i % 200);
        sent.add(frame);
        writer.send(frame, null);
      }
    });
    // the first frames went directly, the rest through the writer thread, which is now blocked on the full pipe
    await().atMost(Duration.ofSeconds(5)).until(() -> pipe.writerThreads.contains("test-writer"));
    assertThat(pipe.writerThreads).anyMatch(name -> !name.equals("test-writer"));
    assertThat(pipe.delivered().length()).isLessThanOrEqualTo(FrameWriter.DIRECT_WRITE_BUDGET);

    // the peer wakes up and reads whatever arrives: everything comes, in order
    StringBuilder expected = new StringBuilder();
    sent.forEach(frame -> expected.append(new String(frame, StandardCharsets.US_ASCII)));
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      pipe.peerReadsEverything();
      return pipe.delivered().length() == expected.length();
    });
    assertThat(pipe.delivered()).isEqualTo(expected.toString());
    assertThat(failure).hasValue(null);
  }

  @Test
  void aFrameQueuedBehindTheWriterThreadKeepsItsPlace() {
    BoundedPipe pipe = new BoundedPipe(1 << 20);
    writer = new FrameWriter("test-writer", pipe, failure::set);
    // not started yet: the large frame waits in the queue, so the small one must queue behind it
    writer.send(frame(0, FrameWriter.DIRECT_WRITE_BUDGET * 2), null);
    writer.send(frame(1, 10), null);
    assertThat(pipe.delivered()).isEmpty();
    writer.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> pipe.delivered().length() == FrameWriter.DIRECT_WRITE_BUDGET * 2 + 10);
    assertThat(pipe.delivered()).startsWith("[0]").endsWith("[1]xxxxxxx");
  }

  @Test
  void aFailedWriteIsReportedOnceAndLaterFramesAreDropped() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    };
    List<IOException> failures = new CopyOnWriteArrayList<>();
    writer = new FrameWriter("test-writer", broken, failures::add);
    writer.start();
    writer.send(frame(0, 10), null);
    writer.send(frame(1, 10), null);
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("Broken pipe");
  }
}
