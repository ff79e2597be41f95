package dev.copilotj.internal.concurrent;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Runs one sweep when the earliest of many deadlines passes, with a single timer task for all of them.
 *
 * <p>A timer task per request costs two wake-ups of an idle timer thread (schedule, then cancel) on every
 * request. Requests mostly share one timeout, so their deadlines arrive in increasing order: a task set for the
 * earliest deadline covers all, and a new deadline only re-arms the timer when it is earlier than the armed one.
 * The sweep fails what has expired and names the next deadline, for which the timer is armed again.
 */
public final class DeadlineSweeper {

  /** The sweep's answer when nothing is left to watch. */
  public static final long NONE = Long.MAX_VALUE;

  private final ScheduledExecutorService timer;
  private final LongUnaryOperator sweep;
  private volatile long armedFor = NONE;
  private @Nullable ScheduledFuture<?> task; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Creates a sweeper; nothing is scheduled until {@link #watch}.
   *
   * @param timer runs the sweeps; they are short
   * @param sweep given {@link System#nanoTime()}, handles every deadline at or before it and returns the earliest
   *     deadline still pending, or {@link #NONE}
   */
  public DeadlineSweeper(ScheduledExecutorService timer, LongUnaryOperator sweep) {
    this.timer = timer;
    this.sweep = sweep;
  }

  /**
   * Makes sure a sweep runs at or after {@code deadline}. Call it after the deadline's owner is visible to the
   * sweep, so a sweep that starts later finds it.
   *
   * @param deadline a {@link System#nanoTime()} value
   */
  public void watch(long deadline) {
    if (deadline >= armedFor) {
      return; // a sweep at or before this deadline is due, and it names the next one
    }
    synchronized (this) {
      if (closed || deadline >= armedFor) {
        return;
      }
      armedFor = deadline;
      if (task != null) {
        task.cancel(false);
      }
      task = timer.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }

  /** Cancels the armed sweep; later {@link #watch} calls do nothing. */
  public synchronized void close() {
    closed = true;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void fire() {
    synchronized (this) {
      // reset before sweeping: an owner added from now on arms the timer itself, one added before is swept
      armedFor = NONE;
      task = null;
    }
    long next = sweep.applyAsLong(System.nanoTime());
    if (next != NONE) {
      watch(next);
    }
  }

  /**
   * Turns a timeout into a deadline that cannot overflow.
   *
   * @param now a {@link System#nanoTime()} value
   * @param timeoutNanos the timeout; clamped to 100 days
   * @return the deadline
   */
  public static long deadline(long now, long timeoutNanos) {
    return now + Math.min(Math.max(0, timeoutNanos), TimeUnit.DAYS.toNanos(100));
  }
}
