package dev.copilotj.internal.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.copilotj.CopilotClientOptions;
import dev.copilotj.TransportMode;
import dev.copilotj.internal.process.CliLocator;

/**
 * The CLI's command line and environment for a set of options. A secret never goes into the arguments: the
 * GitHub token travels in {@link CopilotClientOptions#AUTH_TOKEN_ENV}, named by {@code --auth-token-env}.
 *
 * @param command the binary and its arguments
 * @param environment the variables to set in the child, on top of the inherited ones when the options say so
 */
public record CliCommandLine(List<String> command, Map<String, String> environment) {

  /** Copies the lists, so the record is immutable. */
  public CliCommandLine {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  /**
   * Works out the command line; locating the binary may fail with a {@code CopilotCliNotFoundException}.
   *
   * @param options the client's options
   * @return the command line
   */
  public static CliCommandLine of(CopilotClientOptions options) {
    Map<String, String> env = new HashMap<>(options.cli().environment());
    Map<String, String> lookupEnv = new HashMap<>(options.cli().inheritEnvironment() ? System.getenv() : Map.of());
    lookupEnv.putAll(options.cli().environment());
    List<String> command = new ArrayList<>();
    command.add(CliLocator.locate(options.cli().path(), lookupEnv).toString());
    command.add("--headless");
    command.add("--no-auto-update");
    command.add("--log-level");
    command.add(options.cli().logLevel().flagValue());
    if (options.cli().transport() == TransportMode.STDIO) {
      command.add("--stdio");
    } else if (options.cli().port() > 0) {
      command.add("--port");
      command.add(Integer.toString(options.cli().port()));
    }
    String token = options.auth().githubToken();
    if (token != null) {
      env.put(CopilotClientOptions.AUTH_TOKEN_ENV, token);
      command.add("--auth-token-env");
      command.add(CopilotClientOptions.AUTH_TOKEN_ENV);
    }
    Boolean loggedInUser = options.auth().useLoggedInUser();
    if (loggedInUser != null ? !loggedInUser : token != null) {
      command.add("--no-auto-login");
    }
    command.addAll(options.cli().args());
    return new CliCommandLine(command, env);
  }

  /** The environment is left out: it may hold the token. */
  @Override
  public String toString() {
    return "CliCommandLine" + command;
  }
}
