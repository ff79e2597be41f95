package dev.copilotj;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a {@link CopilotClient} restarts a CLI it lost unexpectedly (the process died, was killed, or its
 * connection broke). Off by default: {@link #none()}.
 *
 * <p>With {@link #attempts(int, Duration, Duration)}, a loss first fails everything of the dead CLI as without a
 * policy (pending calls, and every open session with a {@link CopilotSession#TERMINATED_ERROR_TYPE} error: sessions
 * are never resumed silently), then the client goes {@link ClientState#FAILED}, waits the back-off and starts again
 * as {@link CopilotClient#start()} does, doubling the back-off up to {@code maxBackoff} for at most
 * {@code maxAttempts} failed restarts per loss. A {@link CopilotClient#stop() stop}, a failed {@code start()} and a
 * start by hand are never followed by a restart. The README's "Using the client" section has the details.
 */
public final class RestartPolicy {

  private static final RestartPolicy NONE = new RestartPolicy(0, Duration.ZERO, Duration.ZERO);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private RestartPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** @return the default: a lost CLI is not restarted; the client stays {@link ClientState#FAILED} */
  public static RestartPolicy none() {
    return NONE;
  }

  /**
   * Restarts a lost CLI up to {@code maxAttempts} times, waiting {@code initialBackoff} before the first
   * attempt and doubling the wait after each failed one, up to {@code maxBackoff}.
   *
   * @param maxAttempts at least 1
   * @param initialBackoff the wait before the first attempt; zero or positive
   * @param maxBackoff the longest wait; at least {@code initialBackoff}
   * @return the policy
   */
  public static RestartPolicy attempts(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts
          + "; use RestartPolicy.none() for no restarts");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must not be negative, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
          + initialBackoff + ")");
    }
    return new RestartPolicy(maxAttempts, initialBackoff, maxBackoff);
  }

  /** @return whether a lost CLI is restarted at all */
  public boolean enabled() {
    return maxAttempts > 0;
  }

  /** @return how many restarts are tried after one loss; 0 for {@link #none()} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** @return the wait before the first attempt */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** @return the longest wait between attempts */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The wait before an attempt: {@code initialBackoff * 2^(attempt-1)}, at most {@code maxBackoff}.
   *
   * @param attempt 1 for the first attempt after a loss
   * @return the wait
   */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
    }
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RestartPolicy that && maxAttempts == that.maxAttempts
        && initialBackoff.equals(that.initialBackoff) && maxBackoff.equals(that.maxBackoff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, maxBackoff);
  }

  @Override
  public String toString() {
    return enabled() ? "RestartPolicy{attempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + "}" : "RestartPolicy{none}";
  }
}
