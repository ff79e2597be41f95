package dev.copilotj.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The complete environment for running the real Copilot CLI offline against a {@link FakeCopilotApi}.
 *
 * <p>The map is built from scratch: nothing of the parent environment is copied except {@code PATH}, so
 * {@code GH_TOKEN}, {@code GITHUB_TOKEN}, proxy settings or a real Copilot login never reach the CLI. The variables
 * and why each is there:
 *
 * <ul>
 *   <li>{@code PATH}: copied from this process, so the CLI's shell tools can find programs.
 *   <li>{@code LANG=C.UTF-8}: a fixed UTF-8 locale, so output does not depend on the machine.
 *   <li>{@code HOME}: a fresh home, so no user config, credentials or history are read or written.
 *   <li>{@code COPILOT_API_URL}: sends model calls ({@code /models}, {@code /chat/completions}) to the fake.
 *   <li>{@code COPILOT_DEBUG_GITHUB_API_URL}: sends GitHub API calls ({@code /copilot_internal/user}) to the fake.
 *   <li>{@code COPILOT_HOME}: the CLI's config, session store and logs go to the rig's directory.
 *   <li>{@code GH_CONFIG_DIR}: hides any {@code gh} login, whose token the CLI would otherwise pick up.
 *   <li>{@code XDG_CONFIG_HOME}: keeps XDG config lookups inside the rig.
 *   <li>{@code XDG_STATE_HOME}: keeps XDG state inside the rig.
 *   <li>{@code XDG_CACHE_HOME}: the user-response cache and the device id are written inside the rig.
 *   <li>{@code TMPDIR}: the V8 compile cache and other temp files stay inside the rig.
 *   <li>{@code COPILOT_PKG_CACHE_HOME}: shared across rigs, so the 235 MB package unpack happens once per machine.
 * </ul>
 *
 * <p>The token is not part of the map: clients pass {@link #FAKE_TOKEN} through their own token option (the CLI's
 * {@code --auth-token-env}), exactly as they would pass a real one.
 */
public final class OfflineCliEnvironment {

  /** A token the fake accepts; it is never valid anywhere else. */
  public static final String FAKE_TOKEN = "fake-token-for-offline-tests";

  private OfflineCliEnvironment() {}

  /**
   * Builds the environment and creates its directories below {@code rootDirectory}: {@code home},
   * {@code copilot-home}, {@code cache} and {@code tmp}.
   *
   * @param apiUrl the fake's base URL, see {@link FakeCopilotApi#url()}
   * @param rootDirectory a private directory for this rig or test
   * @param packageCacheDirectory the shared unpack cache, see {@link CopilotCliInstaller#packageCacheDirectory()}
   * @return an unmodifiable map in a stable order
   * @throws UncheckedIOException if a directory cannot be created
   */
  public static Map<String, String> create(String apiUrl, Path rootDirectory, Path packageCacheDirectory) {
    Path root = rootDirectory.toAbsolutePath().normalize();
    Path home = directory(root.resolve("home"));
    Path copilotHome = directory(copilotHome(root));
    Path cache = directory(root.resolve("cache"));
    Path tmp = directory(root.resolve("tmp"));
    Path pkg = directory(packageCacheDirectory.toAbsolutePath().normalize());

    Map<String, String> env = new LinkedHashMap<>();
    String path = System.getenv("PATH");
    env.put("PATH", path != null ? path : "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    env.put("HOME", home.toString());
    env.put("COPILOT_API_URL", apiUrl);
    env.put("COPILOT_DEBUG_GITHUB_API_URL", apiUrl);
    env.put("COPILOT_HOME", copilotHome.toString());
    env.put("GH_CONFIG_DIR", copilotHome.toString());
    env.put("XDG_CONFIG_HOME", copilotHome.toString());
    env.put("XDG_STATE_HOME", copilotHome.toString());
    env.put("XDG_CACHE_HOME", cache.toString());
    env.put("TMPDIR", tmp.toString());
    env.put("COPILOT_PKG_CACHE_HOME", pkg.toString());
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      // Windows programs cannot start without SystemRoot, and look for home and temp under other names.
      String systemRoot = System.getenv("SystemRoot");
      if (systemRoot != null) {
        env.put("SystemRoot", systemRoot);
      }
      env.put("USERPROFILE", home.toString());
      env.put("TEMP", tmp.toString());
      env.put("TMP", tmp.toString());
    }
    return Collections.unmodifiableMap(env);
  }

  /** Where {@link #create} puts {@code COPILOT_HOME} below a root directory. */
  static Path copilotHome(Path rootDirectory) {
    return rootDirectory.toAbsolutePath().normalize().resolve("copilot-home");
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
