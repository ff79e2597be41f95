package dev.copilotj.internal.rpc;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.copilotj.internal.concurrent.SdkThreads;
import org.jspecify.annotations.Nullable;

/**
 * Writes frames to the peer in order, and never lets a caller block on a full pipe.
 *
 * <p>A frame is written on the caller's thread when nothing is queued or being written and the bytes the peer may
 * not have read yet, plus the frame, fit in {@link #DIRECT_WRITE_BUDGET}. The peer has read every byte up to the
 * end of a request it answered, so the bytes it may not have read are those after the last answered request. The
 * budget is no larger than the smallest pipe or socket buffer an OS gives (one 4 KiB page for a Linux pipe when
 * the user's pipe quota is spent), so the kernel always has room and such a write cannot block, even when the peer
 * is frozen. Every other frame goes to the writer thread, which is the only one that may block. Writing small
 * frames directly saves a thread hand-off on every request: most of the SDK's cost in a {@code ping}.
 */
final class FrameWriter {

  /** The most bytes the peer may not have read for a frame to be written on the caller's thread. */
  static final int DIRECT_WRITE_BUDGET = 4096;

  /** Told the stream offset just past its frame before the frame's bytes leave. */
  interface SentMark {

    /** @param endOffset the number of bytes written to the stream up to and including the frame */
    void sentUpTo(long endOffset);
  }

  private record Outbound(byte[] frame, @Nullable SentMark mark) {
  }

  private final String threadName;
  private final OutputStream out;
  private final Consumer<IOException> onFailure;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final ArrayDeque<Outbound> queue = new ArrayDeque<>(); // guarded by lock
  private boolean writerBusy; // guarded by lock: the writer thread holds frames it has not finished writing
  private boolean closed; // guarded by lock
  private long written; // guarded by lock: bytes handed to the stream so far
  private volatile long readByPeer; // only the reader thread raises it

  /**
   * Creates a writer; frames are accepted at once, the writer thread starts with {@link #start()}.
   *
   * @param threadName the writer thread's name
   * @param out the stream to the peer
   * @param onFailure told about a failed write (once per failing write; the connection closes)
   */
  FrameWriter(String threadName, OutputStream out, Consumer<IOException> onFailure) {
    this.threadName = threadName;
    this.out = out;
    this.onFailure = onFailure;
  }

  void start() {
    SdkThreads.startDaemon(threadName, this::writeLoop);
  }

  /**
   * Writes a frame now if that cannot block, else queues it for the writer thread. Never throws: a failed write
   * goes to the failure handler.
   *
   * @param frame the whole frame, header included
   * @param mark told the frame's end offset, or null
   */
  void send(byte[] frame, @Nullable SentMark mark) {
    IOException failure = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      if (writerBusy || !queue.isEmpty() || written - readByPeer + frame.length > DIRECT_WRITE_BUDGET) {
        queue.add(new Outbound(frame, mark));
        queued.signal();
        return;
      }
      written += frame.length;
      if (mark != null) {
        mark.sentUpTo(written);
      }
      try {
        out.write(frame);
        out.flush();
      } catch (IOException e) {
        closed = true;
        failure = e;
      }
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      onFailure.accept(failure); // outside the lock: closing the connection runs listeners
    }
  }

  /**
   * The peer answered a request, so it has read every byte up to the end of that request's frame.
   *
   * @param endOffset the answered request's end offset; called on the reader thread only
   */
  void peerRead(long endOffset) {
    if (endOffset > readByPeer) {
      readByPeer = endOffset;
    }
  }

  /** Stops the writer thread; frames not yet written are dropped. */
  void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      queued.signal();
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop() {
    List<Outbound> batch = new ArrayList<>();
    try {
      while (true) {
        lock.lock();
        try {
          writerBusy = false;
          while (queue.isEmpty() && !closed) {
            queued.await();
          }
          if (closed) {
            return;
          }
          writerBusy = true;
          batch.addAll(queue);
          queue.clear();
          for (Outbound outbound : batch) {
            written += outbound.frame.length;
            if (outbound.mark != null) {
              outbound.mark.sentUpTo(written);
            }
          }
        } finally {
          lock.unlock();
        }
        // outside the lock: this write may block on a full pipe, and callers must still be able to queue
        for (Outbound outbound : batch) {
          out.write(outbound.frame);
        }
        out.flush();
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      lock.lock();
      try {
        closed = true;
        queue.clear();
      } finally {
        lock.unlock();
      }
      onFailure.accept(e);
    }
  }
}
