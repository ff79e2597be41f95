package dev.copilotj.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the native GitHub Copilot CLI binary, installing the pinned version with npm when needed.
 *
 * <p>Resolution order for {@link #cliPath()}:
 *
 * <ol>
 *   <li>system property {@value #PATH_PROPERTY}, then environment variable {@value #PATH_ENV}: used if set and the
 *       file exists;
 *   <li>otherwise {@code @github/copilot@<version>} is installed once with npm into {@code <cache>/<version>} and
 *       reused from then on.
 * </ol>
 *
 * <p>The version is the system property {@value #VERSION_PROPERTY}, else the version this module was built with
 * (the {@code copilot.cli.version} of the build), else {@value #DEFAULT_VERSION}. The cache directory is the system
 * property {@value #CACHE_PROPERTY}, else the environment variable {@value #CACHE_ENV}, else
 * {@code ${user.home}/.cache/copilot-java/cli}.
 *
 * <p>The npm package {@code @github/copilot} is only a Node loader; the real CLI is the platform package's native
 * binary ({@code node_modules/@github/copilot-<platform>-<arch>/copilot}), which needs no system Node at run time.
 * Installs are safe across threads and JVMs: they hold a file lock and become visible only when complete.
 */
public final class CopilotCliInstaller {

  /** The CLI version used when neither the system property nor the build says otherwise. */
  public static final String DEFAULT_VERSION = "1.0.102";

  /** System property naming an existing CLI binary to use instead of installing one. */
  public static final String PATH_PROPERTY = "copilot.cli.path";

  /** Environment variable naming an existing CLI binary to use instead of installing one. */
  public static final String PATH_ENV = "COPILOT_CLI_PATH";

  /** System property with the CLI version to install. */
  public static final String VERSION_PROPERTY = "copilot.cli.version";

  /** System property with the cache directory for installed CLIs. */
  public static final String CACHE_PROPERTY = "copilot.cli.cache";

  /** Environment variable with the cache directory for installed CLIs. */
  public static final String CACHE_ENV = "COPILOT_CLI_CACHE";

  private static final Logger log = LoggerFactory.getLogger(CopilotCliInstaller.class);
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final int OUTPUT_TAIL_LINES = 40;
  private static final Pattern SAFE_VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+\\-]*");
  private static final String COMPLETE_MARKER = ".complete";
  private static final String TEMP_PREFIX = ".install-";

  // FileChannel locks are per JVM, not per thread: a second lock from the same JVM would throw
  // OverlappingFileLockException, so threads of one JVM queue here first.
  private static final Object JVM_LOCK = new Object();

  private final Function<String, @Nullable String> systemProperties;
  private final Function<String, @Nullable String> environment;
  private final String osName;
  private final String osArch;

  CopilotCliInstaller(
      Function<String, @Nullable String> systemProperties,
      Function<String, @Nullable String> environment,
      String osName,
      String osArch) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.osName = osName;
    this.osArch = osArch;
  }

  /** An installer configured from this JVM's system properties and environment. */
  public static CopilotCliInstaller fromSystem() {
    return new CopilotCliInstaller(
        System::getProperty, System::getenv, System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
  }

  /** The CLI version that {@link #cliPath()} installs. */
  public String version() {
    String version = nonBlank(systemProperties.apply(VERSION_PROPERTY));
    if (version == null) {
      version = BuildVersion.VALUE;
    }
    if (!SAFE_VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("not a usable Copilot CLI version: '" + version + "'");
    }
    return version;
  }

  /** The directory that holds installed CLIs, one subdirectory per version. */
  public Path cacheDirectory() {
    String dir = nonBlank(systemProperties.apply(CACHE_PROPERTY));
    if (dir == null) {
      dir = nonBlank(environment.apply(CACHE_ENV));
    }
    if (dir != null) {
      return Paths.get(dir).toAbsolutePath().normalize();
    }
    String home = Objects.requireNonNull(systemProperties.apply("user.home"), "user.home");
    return Paths.get(home, ".cache", "copilot-java", "cli").toAbsolutePath().normalize();
  }

  /**
   * The shared directory for the CLI's {@code COPILOT_PKG_CACHE_HOME}. On its first run a CLI version unpacks
   * about 235 MB there; sharing the directory makes that happen once per machine instead of once per test.
   */
  public Path packageCacheDirectory() {
    return cacheDirectory().resolve("pkg");
  }

  /** The npm platform name of this machine, e.g. {@code linux-x64} or {@code darwin-arm64}. */
  public String platform() {
    return platform(osName, osArch);
  }

  /**
   * Returns the CLI binary: an explicitly configured one, or the pinned version, installed on first use.
   *
   * @throws IllegalStateException if npm is missing, fails or times out, or the platform is not supported
   * @throws UncheckedIOException if the cache directory cannot be written
   */
  public Path cliPath() {
    Path explicit = explicitCliPath();
    if (explicit != null) {
      return explicit;
    }
    Path installDir = cacheDirectory().resolve(version());
    Path binary = binaryIn(installDir);
    if (isComplete(installDir, binary)) {
      return binary;
    }
    try {
      return install(installDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the Copilot CLI into " + installDir, e);
    }
  }

  /** The binary named by {@value #PATH_PROPERTY} or {@value #PATH_ENV}, if it exists. */
  @Nullable Path explicitCliPath() {
    String[][] sources = {
      {"system property " + PATH_PROPERTY, systemProperties.apply(PATH_PROPERTY)},
      {"environment variable " + PATH_ENV, environment.apply(PATH_ENV)},
    };
    for (String[] source : sources) {
      String value = nonBlank(source[1]);
      if (value == null) {
        continue;
      }
      Path path = Paths.get(value).toAbsolutePath().normalize();
      if (Files.isRegularFile(path)) {
        return path;
      }
      log.warn("Ignoring {}={}: no such file", source[0], value);
    }
    return null;
  }

  /** The binary's location inside an install directory. */
  Path binaryIn(Path installDir) {
    return installDir
        .resolve("node_modules")
        .resolve("@github")
        .resolve("copilot-" + platform())
        .resolve(binaryName(osName));
  }

  private Path install(Path installDir) throws IOException {
    Path cache = installDir.getParent();
    Files.createDirectories(cache);
    Path binary = binaryIn(installDir);
    synchronized (JVM_LOCK) {
      try (FileChannel channel =
          FileChannel.open(cache.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        // Blocks while another JVM installs; closing the channel releases the lock.
        channel.lock();
        // Another JVM may have finished the install while this one waited for the lock.
        if (isComplete(installDir, binary)) {
          return binary;
        }
        removeLeftovers(cache, installDir);
        Path temp = Files.createTempDirectory(cache, TEMP_PREFIX + installDir.getFileName() + "-");
        makeReadableByAll(temp);
        try {
          runNpm(temp);
          Path tempBinary = binaryIn(temp);
          verify(temp, tempBinary);
          Files.writeString(temp.resolve(COMPLETE_MARKER), version() + "\n");
          moveIntoPlace(temp, installDir);
        } finally {
          if (Files.exists(temp)) {
            TempDirectories.deleteRecursively(temp);
          }
        }
        log.info("Installed Copilot CLI {} at {}", version(), binary);
        return binary;
      }
    }
  }

  private void runNpm(Path dir) throws IOException {
    // A package.json of its own stops npm from walking up and installing into an enclosing project.
    Files.writeString(
        dir.resolve("package.json"), "{\"name\":\"copilot-cli-cache\",\"version\":\"0.0.0\",\"private\":true}\n");
    String npm = osName.toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    List<String> command =
        List.of(
            npm,
            "install",
            "--prefix",
            dir.toString(),
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--loglevel=error",
            "@github/copilot@" + version());
    log.info("Installing Copilot CLI {} with npm into {} (about 190 MB, once per cache)", version(), dir);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    // The update check is a network call npm makes after the install; it only adds noise here.
    builder.environment().put("npm_config_update_notifier", "false");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot run npm to install the Copilot CLI ("
              + e.getMessage()
              + "). Install Node.js/npm, or set "
              + PATH_ENV
              + " (or -D"
              + PATH_PROPERTY
              + ") to a Copilot CLI binary.",
          e);
    }
    process.getOutputStream().close();
    Deque<String> tail = new ArrayDeque<>();
    Thread pump = new Thread(() -> pumpOutput(process.getInputStream(), tail), "npm-output");
    pump.setDaemon(true);
    pump.start();
    boolean finished;
    try {
      finished = process.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      pump.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while npm installed the Copilot CLI", e);
    }
    if (!finished) {
      throw new IllegalStateException(
          "npm did not install @github/copilot@" + version() + " within " + NPM_TIMEOUT + tailText(tail));
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "npm install @github/copilot@" + version() + " failed with exit code " + process.exitValue() + tailText(tail));
    }
  }

  private void verify(Path dir, Path binary) throws IOException {
    if (!Files.isRegularFile(binary)) {
      List<String> found = new ArrayList<>();
      Path scope = dir.resolve("node_modules").resolve("@github");
      if (Files.isDirectory(scope)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(scope)) {
          entries.forEach(p -> found.add(p.getFileName().toString()));
        }
      }
      throw new IllegalStateException(
          "npm installed @github/copilot@"
              + version()
              + " but there is no native binary for platform "
              + platform()
              + " (expected "
              + dir.relativize(binary)
              + "; found @github/"
              + found
              + "). Set "
              + PATH_ENV
              + " to a Copilot CLI binary for this machine.");
    }
    if (Files.size(binary) == 0) {
      throw new IllegalStateException("the installed Copilot CLI binary is empty: " + binary);
    }
    if (!Files.isExecutable(binary) && !binary.toFile().setExecutable(true)) {
      throw new IllegalStateException("cannot make the Copilot CLI binary executable: " + binary);
    }
  }

  private static void moveIntoPlace(Path temp, Path installDir) throws IOException {
    try {
      Files.move(temp, installDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Same parent directory, so this is a rename in practice; the marker still guards readers.
      Files.move(temp, installDir);
    }
  }

  /** Deletes an incomplete install and temp dirs of killed installs; safe because the lock is held. */
  private static void removeLeftovers(Path cache, Path installDir) throws IOException {
    if (Files.exists(installDir)) {
      log.info("Removing incomplete Copilot CLI install {}", installDir);
      TempDirectories.deleteRecursively(installDir);
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(cache, TEMP_PREFIX + "*")) {
      for (Path entry : entries) {
        TempDirectories.deleteRecursively(entry);
      }
    }
  }

  /** Temp dirs are private (0700); a shared cache must stay usable by other accounts. */
  private static void makeReadableByAll(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static boolean isComplete(Path installDir, Path binary) {
    return Files.isRegularFile(installDir.resolve(COMPLETE_MARKER)) && Files.isRegularFile(binary);
  }

  private static void pumpOutput(InputStream in, Deque<String> tail) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.info("npm: {}", line);
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > OUTPUT_TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      log.debug("npm output closed", e);
    }
  }

  private static String tailText(Deque<String> tail) {
    synchronized (tail) {
      return tail.isEmpty() ? " (no output)" : "; last output:\n" + String.join("\n", tail);
    }
  }

  /** Maps Java's {@code os.name}/{@code os.arch} to npm's platform-arch, e.g. {@code linux-x64}. */
  static String platform(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String platform;
    if (os.startsWith("linux")) {
      platform = "linux";
    } else if (os.startsWith("mac") || os.startsWith("darwin")) {
      platform = "darwin";
    } else if (os.startsWith("windows")) {
      platform = "win32";
    } else {
      throw new IllegalStateException(
          "The Copilot CLI has no build for os.name=" + osName + "; set " + PATH_ENV + " to a binary");
    }
    String arch;
    switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
      case "x64":
        arch = "x64";
        break;
      case "aarch64":
      case "arm64":
        arch = "arm64";
        break;
      default:
        throw new IllegalStateException(
            "The Copilot CLI has no build for os.arch=" + osArch + "; set " + PATH_ENV + " to a binary");
    }
    return platform + "-" + arch;
  }

  /** The binary's file name: {@code copilot.exe} on Windows, else {@code copilot}. */
  static String binaryName(String osName) {
    return osName.toLowerCase(Locale.ROOT).startsWith("windows") ? "copilot.exe" : "copilot";
  }

  private static @Nullable String nonBlank(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** The version the build pinned, read lazily from the filtered resource. */
  private static final class BuildVersion {
    static final String VALUE = load();

    private static String load() {
      try (InputStream in = CopilotCliInstaller.class.getResourceAsStream("copilot-cli.properties")) {
        if (in != null) {
          Properties properties = new Properties();
          properties.load(in);
          String value = nonBlank(properties.getProperty("version"));
          // An unfiltered resource (e.g. run from an IDE without Maven) still holds the placeholder.
          if (value != null && !value.contains("${")) {
            return value;
          }
        }
      } catch (IOException e) {
        log.debug("Cannot read copilot-cli.properties", e);
      }
      return DEFAULT_VERSION;
    }
  }
}
