package dev.copilotj.internal.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.copilotj.CopilotCliNotFoundException;
import dev.copilotj.CopilotClient;
import org.jspecify.annotations.Nullable;

/**
 * Finds the Copilot CLI binary: the explicit path, then {@code COPILOT_CLI_PATH}, then {@code copilot} on
 * {@code PATH}.
 *
 * <p>The {@code copilot} that npm puts on {@code PATH} is a Node loader script that spawns the native
 * binary as a child; killing the loader would leave the binary running, so when the loader is found the
 * native binary beside it is used instead.
 */
public final class CliLocator {

  /** The environment variable naming the CLI binary. */
  public static final String CLI_PATH_ENV = "COPILOT_CLI_PATH";

  private CliLocator() {
  }

  /**
   * Locates the CLI.
   *
   * @param explicit the path from the client options, or null
   * @param env the environment to read {@code COPILOT_CLI_PATH} and {@code PATH} from
   * @return an existing, executable file
   * @throws CopilotCliNotFoundException naming every place searched and how to install the CLI
   */
  public static Path locate(@Nullable Path explicit, Map<String, String> env) {
    if (explicit != null) {
      return requireExecutable(explicit, "CopilotClientOptions.cliPath");
    }
    String fromEnv = env.get(CLI_PATH_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return requireExecutable(Path.of(fromEnv), "the environment variable " + CLI_PATH_ENV);
    }
    Path onPath = findOnPath(env.getOrDefault("PATH", ""));
    if (onPath != null) {
      return preferNativeBinary(onPath);
    }
    throw new CopilotCliNotFoundException("Cannot find the Copilot CLI. Looked at: (1) CopilotClientOptions.cliPath"
        + " (not set), (2) the environment variable " + CLI_PATH_ENV + " (not set), (3) 'copilot' on PATH (not"
        + " found). Install it with 'npm install -g @github/copilot@" + CopilotClient.TESTED_CLI_VERSION
        + "' or point cliPath or " + CLI_PATH_ENV + " at the binary"
        + " (node_modules/@github/copilot-" + platform() + "/copilot).");
  }

  private static Path requireExecutable(Path path, String source) {
    if (!Files.isRegularFile(path)) {
      throw new CopilotCliNotFoundException("The Copilot CLI set by " + source + " does not exist: " + path
          + ". Fix the path, or unset it to search PATH.");
    }
    if (!Files.isExecutable(path)) {
      throw new CopilotCliNotFoundException("The Copilot CLI set by " + source + " is not executable: " + path
          + ". Run 'chmod +x' on it, or point at the native binary.");
    }
    return path;
  }

  private static @Nullable Path findOnPath(String pathVariable) {
    List<String> names = new ArrayList<>(List.of("copilot"));
    if (isWindows()) {
      names.addAll(0, List.of("copilot.exe", "copilot.cmd"));
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String name : names) {
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /** Swaps npm's loader script for the platform binary it would spawn, when that binary is installed. */
  static Path preferNativeBinary(Path found) {
    Path real;
    try {
      real = found.toRealPath();
    } catch (IOException e) {
      return found;
    }
    if (!real.getFileName().toString().endsWith(".js")) {
      return found;
    }
    Path packageDir = real.getParent(); // node_modules/@github/copilot
    String nativeName = "copilot-" + platform();
    String binary = isWindows() ? "copilot.exe" : "copilot";
    List<Path> candidates = List.of(
        packageDir.resolveSibling(nativeName).resolve(binary),
        packageDir.resolve("node_modules").resolve("@github").resolve(nativeName).resolve(binary));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return found;
  }

  /** @return npm's platform suffix for this machine, for example {@code linux-x64} */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String npmOs = os.contains("win") ? "win32" : os.contains("mac") || os.contains("darwin") ? "darwin" : "linux";
    String npmArch = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
    return npmOs + "-" + npmArch;
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  }
}
