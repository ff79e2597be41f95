package dev.copilotj.internal.client;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.copilotj.RestartPolicy;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.process.CliProcess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RestartPolicy}'s bookkeeping: one <em>run</em> lasts from an unexpected loss of the CLI until an attempt
 * succeeds, the policy gives up, or a caller's {@code start()} or {@code stop()} cancels it. The client decides
 * when to start an attempt; this class counts attempts, waits the backoff and says whether to go on.
 *
 * <p>Not thread-safe: every method is called under the client's state lock.
 */
public final class AutoRestart {

  private static final Logger log = LoggerFactory.getLogger(AutoRestart.class);

  private final RestartPolicy policy;
  private @Nullable Run current;

  /**
   * Creates the bookkeeping.
   *
   * @param policy the client's policy
   */
  public AutoRestart(RestartPolicy policy) {
    this.policy = policy;
  }

  /**
   * After an unexpected loss: begins a run, unless the policy is off or the JVM is exiting (its exit kills every
   * CLI: that is no loss to restart from).
   *
   * @return the run, or null when there is none
   */
  public @Nullable Run begin() {
    if (!policy.enabled() || CliProcess.jvmShuttingDown()) {
      return null;
    }
    current = new Run();
    return current;
  }

  /**
   * Whether a run is still the current one, not cancelled or finished meanwhile.
   *
   * @param run the run
   * @return true when it is current
   */
  public boolean isCurrent(Run run) {
    return current == run;
  }

  /**
   * Schedules the run's next attempt after its backoff.
   *
   * @param run the current run
   * @param attempt what the timer calls; it checks {@link #isCurrent} and {@link #attemptStarting} itself
   */
  public void scheduleNext(Run run, Runnable attempt) {
    if (current != run) {
      return;
    }
    int next = run.attempts + 1;
    Duration wait = policy.backoff(next);
    log.warn("Restarting the Copilot CLI in {} ms (attempt {} of {})", wait.toMillis(), next, policy.maxAttempts());
    run.timer = SdkThreads.timer().schedule(attempt, wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The timer fired and the client starts the attempt.
   *
   * @param run the current run
   */
  public void attemptStarting(Run run) {
    run.attempts++;
    run.timer = null;
  }

  /** A start succeeded: a run in progress ends. */
  public void succeeded() {
    Run run = current;
    if (run != null) {
      log.info("Restarted the Copilot CLI after losing it (attempt {} of {})", run.attempts, policy.maxAttempts());
      current = null;
    }
  }

  /**
   * A start failed.
   *
   * @param error why
   * @return the run to schedule another attempt of, or null when there is no run or the policy gave up
   */
  public @Nullable Run failed(Throwable error) {
    Run run = current;
    if (run == null) {
      return null;
    }
    if (run.attempts < policy.maxAttempts()) {
      return run;
    }
    current = null;
    log.error("Gave up restarting the Copilot CLI after {} failed attempt(s); the client stays FAILED."
        + " Last failure: {}", run.attempts, error.getMessage());
    return null;
  }

  /** A caller's start or stop replaces the run: its pending attempt is cancelled. */
  public void cancel() {
    Run run = current;
    if (run == null) {
      return;
    }
    current = null;
    ScheduledFuture<?> timer = run.timer;
    if (timer != null) {
      timer.cancel(false);
      log.info("Cancelled the pending restart of the Copilot CLI");
    }
  }

  /** One run of attempts; opaque to the client. */
  public static final class Run {
    private int attempts;
    private @Nullable ScheduledFuture<?> timer;

    private Run() {
    }
  }
}
