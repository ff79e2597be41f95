package dev.copilotj;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a client waits: for the CLI to start and shake hands, for any one response, and for each step of a
 * graceful stop (shutdown request, exit after stdin closes, exit after SIGTERM) before the next, harsher one.
 * Immutable and validated: every duration is positive.
 *
 * @param startup how long {@link CopilotClient#start()} may take, spawn and handshake included
 * @param request how long any one request waits for its response
 * @param shutdown how long each step of {@link CopilotClient#stop()} may take
 */
public record ClientTimeouts(Duration startup, Duration request, Duration shutdown) {

  /** 30 s to start, 60 s per request, 5 s per shutdown step. */
  public static final ClientTimeouts DEFAULTS =
      new ClientTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(5));

  /** Checks that every duration is positive. */
  public ClientTimeouts {
    requirePositive(startup, "startupTimeout");
    requirePositive(request, "requestTimeout");
    requirePositive(shutdown, "shutdownTimeout");
  }

  /** @return a copy with this start-up timeout */
  public ClientTimeouts withStartup(Duration timeout) {
    return new ClientTimeouts(timeout, request, shutdown);
  }

  /** @return a copy with this request timeout */
  public ClientTimeouts withRequest(Duration timeout) {
    return new ClientTimeouts(startup, timeout, shutdown);
  }

  /** @return a copy with this shutdown-step timeout */
  public ClientTimeouts withShutdown(Duration timeout) {
    return new ClientTimeouts(startup, request, timeout);
  }

  static Duration requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }
}
