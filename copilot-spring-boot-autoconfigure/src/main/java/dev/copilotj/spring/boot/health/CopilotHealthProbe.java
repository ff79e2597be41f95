package dev.copilotj.spring.boot.health;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotException;
import dev.copilotj.ServerStatus;
import dev.copilotj.SessionRegistryStats;

/**
 * Checks a {@link CopilotClient}, without depending on any Spring Boot health API: the health indicators of
 * both Boot lines ({@link CopilotHealthIndicator}, {@link CopilotBoot3HealthIndicator}) only translate its
 * {@link Result}.
 *
 * <p>The default check is cheap and sends nothing to the CLI: it reads the client's state and, for a spawned
 * CLI, whether its process is still alive.
 * <ul>
 * <li>{@code CONNECTED} (and the process alive) is {@link Status#UP}, with the details {@code state},
 * {@code cliVersion}, {@code protocolVersion}, {@code transport}, {@code openSessions}, {@code pendingCreates}
 * (cloud creates in flight), {@code earlyEvents} (events held for sessions not opened yet),
 * {@code droppedEvents} (such events dropped since the client was made), {@code pid} (for a
 * spawned CLI) or {@code server} (for a running server the client connected to).</li>
 * <li>{@code NOT_STARTED}, {@code STOPPED} and {@code FAILED}, or a CLI process that has exited, are
 * {@link Status#DOWN}, with the details {@code state} and {@code reason} (for {@code FAILED}, the message of
 * {@link CopilotClient#failure()}).</li>
 * <li>{@code STARTING} and {@code STOPPING} are {@link Status#OUT_OF_SERVICE}: transient, and bounded by the
 * client's startup and shutdown timeouts.</li>
 * </ul>
 * With the deep check on, an UP client is also pinged; no answer within the timeout, or an error, is DOWN. The
 * round trip is reported as {@code pingMs}.
 */
public final class CopilotHealthProbe {

  /** The message pinged in a deep check. */
  static final String PING_MESSAGE = "health";

  private final CopilotClient client;
  private final boolean deepCheck;
  private final Duration timeout;

  /**
   * Creates a probe.
   *
   * @param client the client to check
   * @param deepCheck whether to ping the CLI too
   * @param timeout how long the ping may take
   */
  public CopilotHealthProbe(CopilotClient client, boolean deepCheck, Duration timeout) {
    this.client = client;
    this.deepCheck = deepCheck;
    this.timeout = timeout;
  }

  /**
   * Checks the client now. Never throws.
   *
   * @return the status and its details
   */
  public Result check() {
    ClientState state = client.state();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", state.name());
    switch (state) {
      case NOT_STARTED:
        return down(details, "The Copilot client has not been started.");
      case STARTING:
        details.put("reason", "The Copilot client is starting.");
        return new Result(Status.OUT_OF_SERVICE, details);
      case STOPPING:
        details.put("reason", "The Copilot client is stopping.");
        return new Result(Status.OUT_OF_SERVICE, details);
      case STOPPED:
        return down(details, "The Copilot client was stopped.");
      case FAILED:
        return down(details, failureReason());
      default:
        break;
    }
    Long pid = client.cliPid();
    ServerStatus server = client.connectedServer();
    if (pid != null && !isAlive(pid)) {
      details.put("pid", pid);
      return down(details, "The Copilot CLI process (pid " + pid + ") has exited.");
    }
    if (server == null) {
      // the client left CONNECTED between the reads
      details.put("state", client.state().name());
      return down(details, "The Copilot client is no longer connected.");
    }
    CopilotClientOptions options = client.options();
    details.put("cliVersion", server.version());
    details.put("protocolVersion", server.protocolVersion());
    details.put("transport", options.server().connectsToServer() ? "tcp"
        : options.cli().transport().name().toLowerCase(Locale.ROOT));
    if (options.server().connectsToServer()) {
      details.put("server", options.server().host() + ":" + options.server().port());
    }
    SessionRegistryStats sessions = client.sessionRegistryStats();
    details.put("openSessions", sessions.openSessions());
    details.put("pendingCreates", sessions.pendingCreates().size());
    details.put("earlyEvents", sessions.earlyBufferedEvents());
    details.put("droppedEvents", sessions.droppedEvents());
    if (pid != null) {
      details.put("pid", pid);
    }
    if (deepCheck) {
      return ping(details);
    }
    return new Result(Status.UP, details);
  }

  private Result ping(Map<String, Object> details) {
    long started = System.nanoTime();
    try {
      client.ping(PING_MESSAGE).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      details.put("pingMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return new Result(Status.UP, details);
    } catch (TimeoutException e) {
      return down(details, "The Copilot CLI did not answer a ping within " + timeout.toMillis() + " ms.");
    } catch (ExecutionException e) {
      return down(details, "The Copilot CLI did not answer a ping: " + CopilotException.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down(details, "Interrupted while pinging the Copilot CLI.");
    }
  }

  private String failureReason() {
    Throwable failure = client.failure();
    return failure == null ? "The Copilot client failed." : CopilotException.describe(failure);
  }

  private static boolean isAlive(long pid) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isPresent() && process.get().isAlive();
  }

  private static Result down(Map<String, Object> details, String reason) {
    details.put("reason", reason);
    return new Result(Status.DOWN, details);
  }

  /** The outcome of a check, in terms both Boot lines map one to one onto their own {@code Status}. */
  public enum Status {
    /** Connected and, with the deep check, answering. */
    UP,
    /** Not usable: not started, stopped, failed, the CLI gone or not answering. */
    DOWN,
    /** Starting or stopping. */
    OUT_OF_SERVICE
  }

  /**
   * The result of a check.
   *
   * @param status the status
   * @param details the details, in a stable order; no secrets
   */
  public record Result(Status status, Map<String, Object> details) {

    /**
     * Creates a result; the details are copied.
     *
     * @param status the status
     * @param details the details
     */
    public Result {
      details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }
}
