package dev.copilotj.internal.concurrent;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Starts the lanes one producer thread fills in batches, when the producer is about to wait for more input.
 *
 * <p>Starting a lane hands it to a pool thread: a queue offer and a wake-up, several microseconds each time.
 * When frames arrive one at a time (the CLI's usual pace) every event still starts its lane at once. When
 * frames pile up (many busy sessions, or a reader that fell behind), the reader thread decodes all that is
 * buffered first and then starts each lane that got work once, so a lane drains many events per hand-off.
 * Submissions from any other thread start their lane at once, as {@link SerialLane#execute} does.
 */
public final class LaneBatcher {

  private final List<SerialLane> waiting = new ArrayList<>(); // producer thread only
  private volatile @Nullable Thread producer;

  /** Makes the calling thread the producer whose submissions wait for {@link #flush()}. */
  public void bindToCurrentThread() {
    producer = Thread.currentThread();
  }

  /**
   * Queues a task on a lane, in order with everything queued on it before.
   *
   * @param lane the lane
   * @param task the task
   */
  public void submit(SerialLane lane, Runnable task) {
    if (Thread.currentThread() != producer) {
      lane.execute(task);
    } else if (lane.enqueueWithoutStart(task)) {
      waiting.add(lane);
    }
  }

  /** Starts every lane that got work since the last flush. Call on the producer thread before it may block. */
  public void flush() {
    if (waiting.isEmpty()) {
      return;
    }
    for (SerialLane lane : waiting) {
      lane.startEnqueued();
    }
    waiting.clear();
  }
}
