package dev.copilotj.internal.concurrent;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor.
 *
 * <p>Each session (and the client's lifecycle listeners) gets its own lane, so a slow listener of one
 * lane delays only that lane. A lane gives its thread back after a batch, so one busy lane cannot
 * starve the others on a small pool. A task that throws is logged and does not stop the lane.
 */
public final class SerialLane implements Executor {

  private static final Logger log = LoggerFactory.getLogger(SerialLane.class);
  /** Tasks run per turn on a pool thread before the lane yields it. */
  private static final int BATCH = 64;

  private final String name;
  private final Executor executor;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private boolean startPending; // only the LaneBatcher's producer thread touches it

  /**
   * Creates a lane.
   *
   * @param name used in log messages (for example the session id)
   * @param executor the shared pool the lane runs on
   */
  public SerialLane(String name, Executor executor) {
    this.name = name;
    this.executor = executor;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  /**
   * Adds a task without starting the lane; for {@link LaneBatcher}, on its producer thread only.
   *
   * @param task the task
   * @return true when the caller must call {@link #startEnqueued()} later; false when it already must
   */
  boolean enqueueWithoutStart(Runnable task) {
    tasks.add(task);
    if (startPending) {
      return false;
    }
    startPending = true;
    return true;
  }

  /** Starts the lane after {@link #enqueueWithoutStart}; on the same thread. */
  void startEnqueued() {
    startPending = false;
    schedule();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // The pool is gone (JVM shutting down or a user executor closed): run here rather than lose work.
        log.warn("Executor rejected lane '{}'; running its tasks on the calling thread", name, e);
        drain();
      }
    }
  }

  private void drain() {
    for (int i = 0; i < BATCH; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        break;
      }
      try {
        task.run();
      } catch (Throwable t) {
        log.error("A callback on lane '{}' threw; the lane goes on", name, t);
      }
    }
    scheduled.set(false);
    if (!tasks.isEmpty()) {
      schedule();
    }
  }

  /**
   * Whether no task is waiting or running. A task the caller submits after seeing true runs after everything
   * that ran before, so a single producer may do work itself while the lane is idle without breaking the order.
   *
   * @return true when the lane has nothing queued and no thread draining it
   */
  public boolean isIdle() {
    return !scheduled.get() && tasks.isEmpty();
  }

  /** @return the number of tasks waiting; for diagnostics */
  public int pending() {
    return tasks.size();
  }
}
