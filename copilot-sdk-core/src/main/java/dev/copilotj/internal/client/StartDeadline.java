package dev.copilotj.internal.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.copilotj.RequestTimeoutException;
import dev.copilotj.StartupTimeoutException;

/** The one deadline every step of a start shares: spawning, the TCP port, connecting, the handshake. */
public final class StartDeadline {

  private final Duration timeout;
  private final long deadlineNanos;

  /**
   * Starts the clock.
   *
   * @param timeout the whole start's budget
   */
  public StartDeadline(Duration timeout) {
    this.timeout = timeout;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /**
   * The time left.
   *
   * @return a positive duration
   * @throws StartupTimeoutException when none is left
   */
  public Duration remaining() {
    long nanos = deadlineNanos - System.nanoTime();
    if (nanos <= 0) {
      throw new StartupTimeoutException(timeout, "The Copilot CLI did not start within the startup timeout of "
          + timeout.toMillis() + " ms; raise CopilotClientOptions.startupTimeout or check the CLI's log.", null);
    }
    return Duration.ofNanos(nanos);
  }

  /**
   * Waits for one step of the start.
   *
   * @param future the step
   * @param <T> its result
   * @return the result
   * @throws Exception the step's own failure, unwrapped, or a {@link StartupTimeoutException}
   */
  public <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(Math.max(1, remaining().toMillis()), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RequestTimeoutException) {
        // the step's request was given what remained of the start: its time-out is the start's
        throw handshakeTimedOut(cause);
      }
      throw cause instanceof Exception ? (Exception) cause : e;
    } catch (TimeoutException e) {
      throw handshakeTimedOut(e);
    }
  }

  private StartupTimeoutException handshakeTimedOut(Throwable cause) {
    return new StartupTimeoutException(timeout, "The Copilot CLI did not complete the handshake within "
        + timeout.toMillis() + " ms; raise CopilotClientOptions.startupTimeout (the first start on a machine"
        + " unpacks the CLI, about 1 s).", cause);
  }
}
