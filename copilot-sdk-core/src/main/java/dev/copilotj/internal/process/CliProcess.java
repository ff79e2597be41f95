package dev.copilotj.internal.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotException;
import dev.copilotj.internal.concurrent.SdkThreads;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spawned Copilot CLI process: its pipes, its stderr (logged and kept as a short tail for error
 * messages), and the bounded stop sequence.
 *
 * <p>Every live process is also registered with a JVM shutdown hook, so an application that exits without
 * stopping its client leaves no CLI behind. The hook runs at the same time as the application's own shutdown
 * hooks (a Spring context closing, for one), so it does not kill at once: a CLI that its client is stopping is
 * left to that stop (bounded by the stop's own budget), and a CLI whose client has not begun to stop gets
 * {@link #exitGrace(Duration) its client's shutdown timeout} to do so. Only then is it killed, and
 * {@link #reaped()} tells its client that the exit, not a crash, ended it.
 */
public final class CliProcess {

  private static final Logger log = LoggerFactory.getLogger(CliProcess.class);
  private static final Logger cliLog = LoggerFactory.getLogger("dev.copilotj.cli");
  private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)", Pattern.CASE_INSENSITIVE);
  private static final int TAIL_LINES = 20;
  private static final int TAIL_LINE_CHARS = 400;
  /** After an exit, how long to let the stderr drain catch up, so the tail holds the CLI's last words. */
  private static final long STDERR_DRAIN_WAIT_MILLIS = 500;
  private static final Set<CliProcess> LIVE = ConcurrentHashMap.newKeySet();
  /** How often the exit hook looks whether the CLIs it waits for are gone. */
  private static final long REAPER_POLL_MILLIS = 20;
  private static final @Nullable String SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
      .filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
  private static volatile boolean jvmShuttingDown;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(CliProcess::reapAllOnExit, "copilot-cli-reaper"));
  }

  private final Process process;
  /** At JVM exit: how long a client that has not begun to stop this CLI gets to do so; zero kills at once. */
  private volatile Duration exitGrace = Duration.ZERO;
  /** At JVM exit: how long the client's stop, once begun, may take; set by {@link #stopping(Duration)}. */
  private volatile @Nullable Duration stopBudget;
  private volatile boolean reaped;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final CompletableFuture<Integer> listeningPort = new CompletableFuture<>();
  private final CompletableFuture<Void> stderrDrained = new CompletableFuture<>();

  private CliProcess(Process process) {
    this.process = process;
  }

  /**
   * Spawns the CLI.
   *
   * @param command the binary and its arguments (never a secret: secrets go in {@code environment})
   * @param environment variables to set in the child
   * @param inheritEnvironment whether the child starts from this process's environment
   * @param workingDirectory the child's directory, or null for this process's
   * @param watchForPort whether stdout announces a TCP port to wait for
   * @return the running process
   * @throws CopilotException when the binary cannot be started
   */
  public static CliProcess spawn(List<String> command, Map<String, String> environment, boolean inheritEnvironment,
      @Nullable Path workingDirectory, boolean watchForPort) {
    ProcessBuilder builder = new ProcessBuilder(inOwnSession(command));
    if (!inheritEnvironment) {
      builder.environment().clear();
    }
    builder.environment().putAll(environment);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CopilotException("Cannot start the Copilot CLI '" + command.get(0) + "': " + e.getMessage()
          + ". Check that the file is the native CLI binary and is executable for this user.", e);
    }
    CliProcess cli = new CliProcess(process);
    LIVE.add(cli);
    process.onExit().thenRun(() -> LIVE.remove(cli));
    log.debug("Started Copilot CLI pid {}: {}", process.pid(), command);
    SdkThreads.startDaemon("copilot-cli-stderr-" + process.pid(), cli::drainStderr);
    if (watchForPort) {
      SdkThreads.startDaemon("copilot-cli-stdout-" + process.pid(), cli::drainStdoutForPort);
    }
    return cli;
  }

  /**
   * Runs the CLI in a session of its own where {@code setsid} exists, so a Ctrl-C in the application's terminal
   * reaches only the application, which then stops the CLI in order. {@code setsid} execs the CLI in place (a
   * child of the JVM is not a group leader), so the process id stays the CLI's. If the JVM dies, the CLI still
   * exits: its stdin closes.
   */
  private static List<String> inOwnSession(List<String> command) {
    if (SETSID == null) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(command.size() + 1);
    wrapped.add(SETSID);
    wrapped.addAll(command);
    return wrapped;
  }

  /** @return the process id */
  public long pid() {
    return process.pid();
  }

  /** @return the child's stdin */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** @return the child's stdout */
  public InputStream stdout() {
    return process.getInputStream();
  }

  /** @return whether the process is still running */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** @return a future completed when the process ends */
  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /**
   * Waits for the {@code listening on port N} line a TCP server prints.
   *
   * @param timeout how long to wait
   * @return the port
   * @throws CopilotException when the line does not come in time or the process exits first
   */
  public int awaitListeningPort(Duration timeout) {
    try {
      return listeningPort.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CopilotException("The Copilot CLI did not report its TCP port within " + timeout.toMillis()
          + " ms" + describeStderr() + ". Raise the startup timeout or use the stdio transport.");
    } catch (ExecutionException e) {
      throw new CopilotException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CopilotException("Interrupted while waiting for the Copilot CLI's TCP port", e);
    }
  }

  /** @return the last lines the CLI wrote to stderr, joined by newlines */
  public String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /**
   * Explains why the connection to this process ended, waiting briefly for the exit code.
   *
   * @param error the I/O failure, or null for a clean end of stream
   * @param waitForExit how long to wait for the process to exit
   * @return the exception pending requests fail with
   */
  public ConnectionClosedException describeEnd(@Nullable IOException error, Duration waitForExit) {
    Integer exitCode = null;
    try {
      if (process.waitFor(waitForExit.toMillis(), TimeUnit.MILLISECONDS)) {
        exitCode = process.exitValue();
        awaitStderrDrained();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String what;
    if (exitCode != null) {
      what = "The Copilot CLI (pid " + pid() + ") exited with code " + exitCode + describeSignal(exitCode);
    } else if (error != null) {
      what = "The connection to the Copilot CLI (pid " + pid() + ") failed: " + error.getMessage();
    } else {
      what = "The Copilot CLI (pid " + pid() + ") closed its output but is still running";
    }
    return new ConnectionClosedException(what + describeStderr(), exitCode, stderrTail(), error);
  }

  /**
   * Waits for the process to exit after its stdin was closed, then escalates: SIGTERM, then SIGKILL.
   * Each step waits at most {@code step}.
   *
   * @param step how long each step may take
   * @return true when the process is gone
   */
  public boolean stop(Duration step) {
    try {
      if (process.waitFor(step.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      log.debug("Copilot CLI pid {} still running after stdin closed; sending SIGTERM", pid());
      process.destroy();
      if (process.waitFor(step.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      log.warn("Copilot CLI pid {} ignored SIGTERM for {} ms; killing it", pid(), step.toMillis());
      kill();
      return process.waitFor(step.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      return !process.isAlive();
    }
  }

  /**
   * Sets how long, at JVM exit, the exit hook waits for the client to begin stopping this CLI before it kills it.
   *
   * @param grace the client's shutdown timeout; zero kills at once
   */
  public void exitGrace(Duration grace) {
    this.exitGrace = grace;
  }

  /**
   * The client begins to stop this CLI: the exit hook leaves it to that stop, waiting at most {@code budget}.
   *
   * @param budget the longest the stop can take
   */
  public void stopping(Duration budget) {
    this.stopBudget = budget;
  }

  /** @return true when the JVM's exit hook killed this CLI, because its client did not stop it in time */
  public boolean reaped() {
    return reaped;
  }

  /** Kills the process (and any children it made) at once. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private String describeStderr() {
    String tail = stderrTail();
    return tail.isEmpty() ? "" : ". Its last stderr output:\n" + tail;
  }

  private static String describeSignal(int exitCode) {
    if (exitCode > 128 && exitCode < 160) {
      int signal = exitCode - 128;
      String name = switch (signal) {
        case 9 -> "SIGKILL";
        case 15 -> "SIGTERM";
        case 6 -> "SIGABRT";
        case 11 -> "SIGSEGV";
        case 2 -> "SIGINT";
        default -> "signal " + signal;
      };
      return " (killed by " + name + ")";
    }
    return "";
  }

  private void drainStderr() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        cliLog.info("[pid {}] {}", process.pid(), line);
        synchronized (stderrTail) {
          if (stderrTail.size() == TAIL_LINES) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(line.length() > TAIL_LINE_CHARS ? line.substring(0, TAIL_LINE_CHARS) + "…" : line);
        }
      }
    } catch (IOException e) {
      log.trace("stderr of Copilot CLI pid {} closed", process.pid(), e);
    } finally {
      stderrDrained.complete(null);
    }
  }

  /**
   * The drain thread may not have read the last lines when the exit is seen; stderr ends right after
   * the exit (unless a child of the CLI still holds it, hence the bound).
   */
  private void awaitStderrDrained() throws InterruptedException {
    try {
      stderrDrained.get(STDERR_DRAIN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.trace("stderr of Copilot CLI pid {} still open after its exit", process.pid());
    }
  }

  /** In TCP mode stdout is not the protocol stream: it announces the port, then carries log lines. */
  private void drainStdoutForPort() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher matcher = LISTENING.matcher(line);
        if (!listeningPort.isDone() && matcher.find()) {
          listeningPort.complete(Integer.parseInt(matcher.group(1)));
        }
        cliLog.debug("[pid {}] {}", process.pid(), line);
      }
    } catch (IOException e) {
      log.trace("stdout of Copilot CLI pid {} closed", process.pid(), e);
    }
    listeningPort.completeExceptionally(describeEnd(null, Duration.ofMillis(500)));
  }

  /** @return true once the JVM runs its shutdown hooks and this class has killed every CLI */
  public static boolean jvmShuttingDown() {
    return jvmShuttingDown;
  }

  /**
   * The exit hook: waits, at the same time for all of them, for each CLI to be stopped by its client (within the
   * client's stop budget once it has begun, within its exit grace before), and kills what is left.
   */
  private static void reapAllOnExit() {
    jvmShuttingDown = true;
    long began = System.nanoTime();
    try {
      while (true) {
        boolean waiting = false;
        for (CliProcess cli : LIVE) {
          if (!cli.process.isAlive()) {
            continue;
          }
          Duration budget = cli.stopBudget;
          Duration allowed = budget != null ? budget.plus(cli.exitGrace) : cli.exitGrace;
          if (System.nanoTime() - began >= allowed.toNanos()) {
            cli.reap();
          } else {
            waiting = true;
          }
        }
        if (!waiting) {
          return;
        }
        Thread.sleep(REAPER_POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      LIVE.forEach(CliProcess::reap);
    }
  }

  private void reap() {
    if (process.isAlive() && !reaped) {
      reaped = true;
      log.info("The JVM is exiting and nothing stopped Copilot CLI pid {}; killing it", pid());
      kill();
    }
  }
}
