package dev.copilotj.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a test needs to run the real Copilot CLI offline: a running {@link FakeCopilotApi}, the CLI binary,
 * a private directory tree and the environment that ties them together.
 *
 * <pre>{@code
 * try (CopilotTestRig rig = CopilotTestRig.start()) {
 *   ProcessBuilder pb = new ProcessBuilder(rig.cliPath().toString(), "--headless", "--stdio", ...)
 *       .directory(rig.workDirectory().toFile());
 *   pb.environment().clear();
 *   pb.environment().putAll(rig.environment());
 *   pb.environment().put("COPILOT_SDK_AUTH_TOKEN", rig.token());
 *   ...
 * }
 * }</pre>
 *
 * <p>The CLI binary is resolved on the first call of {@link #cliPath()} (installing it if needed), so tests that
 * only use the fake never run npm. Stop CLI processes before closing the rig: closing deletes the directories.
 */
public final class CopilotTestRig implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CopilotTestRig.class);

  private final FakeCopilotApi fakeApi;
  private final CopilotCliInstaller installer;
  private final Path rootDirectory;
  private final Path workDirectory;
  private final Map<String, String> environment;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Path cliPath;

  private CopilotTestRig(FakeCopilotApi fakeApi, CopilotCliInstaller installer) throws IOException {
    this.fakeApi = fakeApi;
    this.installer = installer;
    this.rootDirectory = Files.createTempDirectory("copilot-rig-").toRealPath();
    this.workDirectory = Files.createDirectories(rootDirectory.resolve("work"));
    this.environment =
        OfflineCliEnvironment.create(fakeApi.url(), rootDirectory, installer.packageCacheDirectory());
  }

  /** Starts a rig with a default {@link FakeCopilotApi} and the CLI named by the system settings. */
  public static CopilotTestRig start() {
    return start(FakeCopilotApi.builder());
  }

  /** Starts a rig whose fake is built from {@code fakeApi}; the rig owns and closes the fake. */
  public static CopilotTestRig start(FakeCopilotApi.Builder fakeApi) {
    FakeCopilotApi fake = fakeApi.start();
    try {
      return new CopilotTestRig(fake, CopilotCliInstaller.fromSystem());
    } catch (IOException e) {
      fake.close();
      throw new UncheckedIOException("cannot create the rig's temp directories", e);
    } catch (RuntimeException e) {
      fake.close();
      throw e;
    }
  }

  /**
   * The native CLI binary, resolved (and installed if needed) on first use.
   *
   * @see CopilotCliInstaller#cliPath()
   */
  public Path cliPath() {
    Path path = cliPath;
    if (path == null) {
      synchronized (this) {
        path = cliPath;
        if (path == null) {
          path = installer.cliPath();
          cliPath = path;
        }
      }
    }
    return path;
  }

  /** The CLI's environment; use it instead of, not on top of, the parent environment. */
  public Map<String, String> environment() {
    return environment;
  }

  /** The token to give the client's token option; see {@link OfflineCliEnvironment#FAKE_TOKEN}. */
  public String token() {
    return OfflineCliEnvironment.FAKE_TOKEN;
  }

  /**
   * The Spring Boot properties that run an auto-configured client against this rig: the CLI, only the rig's
   * environment, the working directory, the token, and no server to connect to. Names only; no Spring needed.
   *
   * @return property names to values, in a stable order
   */
  public Map<String, Object> springProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("copilot.cli.path", cliPath().toString());
    properties.put("copilot.cli.inherit-environment", "false");
    properties.put("copilot.cli.working-directory", workDirectory.toString());
    properties.put("copilot.auth.github-token", token());
    properties.put("copilot.server.address", "");
    environment.forEach((name, value) -> properties.put("copilot.cli.env[" + name + "]", value));
    return properties;
  }

  /** The fake model API the CLI talks to. */
  public FakeCopilotApi fakeApi() {
    return fakeApi;
  }

  /** An empty directory to use as the CLI's working directory. */
  public Path workDirectory() {
    return workDirectory;
  }

  /** The CLI's {@code COPILOT_HOME}: config, {@code session-state/}, {@code logs/} of the CLI end up here. */
  public Path copilotHome() {
    return OfflineCliEnvironment.copilotHome(rootDirectory);
  }

  /** Stops the fake and deletes the rig's directories (best effort). Safe to call twice. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    fakeApi.close();
    try {
      TempDirectories.deleteRecursively(rootDirectory);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not delete the rig directory {}: {}", rootDirectory, e.toString());
    }
  }

  @Override
  public String toString() {
    return "CopilotTestRig[" + fakeApi.url() + ", " + rootDirectory + "]";
  }
}
