package dev.copilotj.internal.session;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.copilotj.internal.concurrent.SdkThreads;
import org.jspecify.annotations.Nullable;

/**
 * A session's idle time-out: fires once when no turn has run and no event arrived for the time-out. One timer at a
 * time, re-armed for the rest of the time-out when it finds the session active, so an active session costs nothing
 * per event but a volatile write.
 */
public final class IdleWatch {

  private final long timeoutNanos;
  private final Runnable onIdle;
  private volatile long lastActive = System.nanoTime();
  private volatile boolean turnRunning;
  private volatile boolean stopped;
  private volatile @Nullable ScheduledFuture<?> timer;

  /**
   * Starts watching.
   *
   * @param timeout positive
   * @param onIdle run once, on the SDK's timer thread, when the session was idle that long; it must not block
   */
  public IdleWatch(Duration timeout, Runnable onIdle) {
    this.timeoutNanos = timeout.toNanos();
    this.onIdle = onIdle;
    arm(timeoutNanos);
  }

  /** Something happened in the session: an event, a prompt. */
  public void touch() {
    lastActive = System.nanoTime();
  }

  /**
   * A turn starts or ends; while one runs the session is not idle, however long it waits for the model or a tool.
   *
   * @param running whether a turn runs
   */
  public void turnRunning(boolean running) {
    turnRunning = running;
    touch();
  }

  /** The session ended: the time-out will not fire. */
  public void stop() {
    stopped = true;
    ScheduledFuture<?> current = timer;
    if (current != null) {
      current.cancel(false);
    }
  }

  private void arm(long delayNanos) {
    if (!stopped) {
      timer = SdkThreads.timer().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check() {
    if (stopped) {
      return;
    }
    long idle = System.nanoTime() - lastActive;
    if (turnRunning || idle < timeoutNanos) {
      arm(turnRunning ? timeoutNanos : timeoutNanos - idle);
      return;
    }
    stopped = true;
    onIdle.run();
  }
}
