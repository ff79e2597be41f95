package dev.copilotj.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.copilotj.CliLogLevel;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.test.CopilotTestRig;

/**
 * How both clients run the real CLI: binary, environment, token and working directory of one
 * {@link CopilotTestRig}. Child JVMs get it through a properties file, so they talk to the parent's fake model.
 */
record CliSetup(Path cliPath, Map<String, String> environment, String token, Path workDirectory) {

  /** The variable the CLI reads the token from; the same name the SDK uses. */
  static final String AUTH_TOKEN_ENV = CopilotClientOptions.AUTH_TOKEN_ENV;

  static CliSetup of(CopilotTestRig rig) {
    return new CliSetup(rig.cliPath(), rig.environment(), rig.token(), rig.workDirectory());
  }

  /** The SDK client options, as the integration tests build them (OfflineClients). */
  CopilotClientOptions.Builder sdkOptions() {
    return CopilotClientOptions.builder()
        .cliPath(cliPath)
        .inheritEnvironment(false)
        .environment(environment)
        .githubToken(token)
        .workingDirectory(workDirectory)
        .logLevel(CliLogLevel.ERROR);
  }

  /** The exact command line the SDK builds for these options (stdio transport, token, no auto-login). */
  List<String> rawCommand() {
    return List.of(cliPath.toString(), "--headless", "--no-auto-update", "--log-level", "error", "--stdio",
        "--auth-token-env", AUTH_TOKEN_ENV, "--no-auto-login");
  }

  /** The environment the SDK gives the CLI: the rig's, plus the token. */
  Map<String, String> rawEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(AUTH_TOKEN_ENV, token);
    return env;
  }

  void write(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("cliPath", cliPath.toString());
    p.setProperty("token", token);
    p.setProperty("workDirectory", workDirectory.toString());
    environment.forEach((k, v) -> p.setProperty("env." + k, v));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "copilot-bench CLI setup");
    }
  }

  static CliSetup read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("env.")) {
        env.put(name.substring(4), p.getProperty(name));
      }
    }
    return new CliSetup(Paths.get(p.getProperty("cliPath")), env, p.getProperty("token"),
        Paths.get(p.getProperty("workDirectory")));
  }
}
