package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.copilotj.CopilotClient;
import dev.copilotj.internal.session.SessionRegistry;

/** What the fault-injection tests share: signals, timing a failure, thread and process checks. */
final class Faults {

  private Faults() {
  }

  /** Sends a signal with {@code kill -<signal> <pid>} and waits for {@code kill} to finish. */
  static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", signal, pid).isZero();
  }

  /**
   * Waits for a future that must fail, and checks it failed within {@code within} of {@code sinceNanos}.
   *
   * @return the failure's cause
   */
  static Throwable failsWithin(CompletableFuture<?> future, long sinceNanos, Duration within) throws Exception {
    try {
      Object value = future.get(within.toMillis() + 5000, TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the future to fail, but it completed with " + value);
    } catch (ExecutionException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - sinceNanos);
      assertThat(took).as("failed after %d ms", took.toMillis()).isLessThan(within);
      return e.getCause();
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static Set<String> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.isDaemon() && t.isAlive() && !t.getName().startsWith("awaitility"))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  /** The SDK's own per-connection threads: the JSON-RPC reader and writer, the CLI's pipe drains, start and stop. */
  static Set<String> sdkConnectionThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("copilot-rpc") || name.startsWith("copilot-cli")
            || name.startsWith("copilot-client"))
        .collect(Collectors.toSet());
  }

  /** Writes an executable {@code /bin/sh} script. */
  static Path script(Path dir, String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  /** White box: the registry is not API, but "nothing stays registered" is exactly what it holds. */
  static SessionRegistry registryOf(CopilotClient client) throws ReflectiveOperationException {
    Field current = CopilotClient.class.getDeclaredField("current");
    current.setAccessible(true);
    Object connection = current.get(client);
    Field registry = connection.getClass().getDeclaredField("registry");
    registry.setAccessible(true);
    return (SessionRegistry) registry.get(connection);
  }

  /** White box: a field of the client's current connection. */
  static Object connectionField(CopilotClient client, String name) throws ReflectiveOperationException {
    Field current = CopilotClient.class.getDeclaredField("current");
    current.setAccessible(true);
    Object connection = current.get(client);
    Field field = connection.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(connection);
  }
}
