package dev.copilotj;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a client spawns the Copilot CLI: which binary, its arguments, environment, working directory, log level and
 * transport. Immutable; each {@code with…} method returns a copy with one setting changed and validates it. Set
 * through {@link CopilotClientOptions.Builder}, read through {@link CopilotClientOptions#cli()}.
 *
 * @param path the native CLI binary, or null to search {@code COPILOT_CLI_PATH} then {@code PATH}
 * @param args extra arguments appended after the ones the SDK needs; never secrets (every local user sees them)
 * @param environment variables set in the CLI's environment, over the inherited ones
 * @param inheritEnvironment whether the CLI starts from this JVM's environment, or from {@code environment} only
 * @param workingDirectory the CLI's working directory, or null for this JVM's
 * @param logLevel the CLI's log level (it logs to files in its home; its stderr goes to SLF4J)
 * @param transport stdio (the default) or TCP on loopback
 * @param port the loopback port a spawned TCP CLI listens on; 0 lets it choose
 */
public record CliProcessOptions(@Nullable Path path, List<String> args, Map<String, String> environment,
    boolean inheritEnvironment, @Nullable Path workingDirectory, CliLogLevel logLevel, TransportMode transport,
    int port) {

  /** Find the CLI, inherit the environment, log errors only, talk over stdio. */
  public static final CliProcessOptions DEFAULTS = new CliProcessOptions(null, List.of(), Map.of(), true, null,
      CliLogLevel.ERROR, TransportMode.STDIO, 0);

  /** Validates and copies the collections. */
  public CliProcessOptions {
    args.forEach(arg -> Objects.requireNonNull(arg, "cliArgs must not contain null"));
    args = List.copyOf(args);
    Map<String, String> copy = new LinkedHashMap<>();
    environment.forEach((name, value) -> {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("environment variable name must not be blank");
      }
      copy.put(name, Objects.requireNonNull(value, name));
    });
    environment = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(transport, "transport");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
  }

  /** @return a copy with this binary (null: search for it) */
  public CliProcessOptions withPath(@Nullable Path path) {
    return new CliProcessOptions(path, args, environment, inheritEnvironment, workingDirectory, logLevel, transport,
        port);
  }

  /** @return a copy with these extra arguments */
  public CliProcessOptions withArgs(List<String> args) {
    return new CliProcessOptions(path, args, environment, inheritEnvironment, workingDirectory, logLevel, transport,
        port);
  }

  /** @return a copy with these variables added to (or replacing) the ones set */
  public CliProcessOptions withEnvironment(Map<String, String> variables) {
    Map<String, String> merged = new LinkedHashMap<>(environment);
    merged.putAll(variables);
    return new CliProcessOptions(path, args, merged, inheritEnvironment, workingDirectory, logLevel, transport, port);
  }

  /** @return a copy that does or does not inherit this JVM's environment */
  public CliProcessOptions withInheritEnvironment(boolean inherit) {
    return new CliProcessOptions(path, args, environment, inherit, workingDirectory, logLevel, transport, port);
  }

  /** @return a copy with this working directory (null: this JVM's) */
  public CliProcessOptions withWorkingDirectory(@Nullable Path directory) {
    return new CliProcessOptions(path, args, environment, inheritEnvironment, directory, logLevel, transport, port);
  }

  /** @return a copy with this log level */
  public CliProcessOptions withLogLevel(CliLogLevel level) {
    return new CliProcessOptions(path, args, environment, inheritEnvironment, workingDirectory, level, transport,
        port);
  }

  /** @return a copy with this transport */
  public CliProcessOptions withTransport(TransportMode mode) {
    return new CliProcessOptions(path, args, environment, inheritEnvironment, workingDirectory, logLevel, mode, port);
  }

  /** @return a copy with this TCP port (0: the CLI chooses) */
  public CliProcessOptions withPort(int port) {
    return new CliProcessOptions(path, args, environment, inheritEnvironment, workingDirectory, logLevel, transport,
        port);
  }

  /** Lists the names of the environment variables only: their values may be secrets. */
  @Override
  public String toString() {
    return "CliProcessOptions[path=" + path + ", args=" + args + ", environment=" + environment.keySet()
        + ", inheritEnvironment=" + inheritEnvironment + ", workingDirectory=" + workingDirectory + ", logLevel="
        + logLevel + ", transport=" + transport + ", port=" + port + "]";
  }
}
