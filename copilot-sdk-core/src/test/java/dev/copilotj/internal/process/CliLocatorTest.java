package dev.copilotj.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.copilotj.CopilotCliNotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliLocatorTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void requirePosix() {
    // The fixtures set execute bits and make symlinks; both need a POSIX file system.
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
  }

  @Test
  void explicitPathWinsOverTheEnvironment() throws IOException {
    Path explicit = executable(dir.resolve("explicit/copilot"));
    Path fromEnv = executable(dir.resolve("env/copilot"));
    Path onPath = executable(dir.resolve("bin/copilot"));

    Path found = CliLocator.locate(explicit, Map.of(CliLocator.CLI_PATH_ENV, fromEnv.toString(),
        "PATH", onPath.getParent().toString()));

    assertThat(found).isEqualTo(explicit);
  }

  @Test
  void missingExplicitPathFailsNamingThePath() {
    Path missing = dir.resolve("nowhere/copilot");
    Path fromEnv = dir.resolve("env-copilot");

    assertThatThrownBy(() -> CliLocator.locate(missing, Map.of(CliLocator.CLI_PATH_ENV, fromEnv.toString())))
        .isInstanceOf(CopilotCliNotFoundException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("CopilotClientOptions.cliPath")
        .hasMessageContaining("does not exist");
  }

  @Test
  void environmentVariableIsUsedWithoutAnExplicitPath() throws IOException {
    Path fromEnv = executable(dir.resolve("env/copilot"));
    Path onPath = executable(dir.resolve("bin/copilot"));

    Path found = CliLocator.locate(null, Map.of(CliLocator.CLI_PATH_ENV, fromEnv.toString(),
        "PATH", onPath.getParent().toString()));

    assertThat(found).isEqualTo(fromEnv);
  }

  @Test
  void missingEnvironmentPathFailsNamingTheVariable() {
    Path missing = dir.resolve("gone");

    assertThatThrownBy(() -> CliLocator.locate(null, Map.of(CliLocator.CLI_PATH_ENV, missing.toString())))
        .isInstanceOf(CopilotCliNotFoundException.class)
        .hasMessageContaining("COPILOT_CLI_PATH")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void blankEnvironmentVariableFallsThroughToPath() throws IOException {
    Path onPath = executable(dir.resolve("bin/copilot"));

    assertThat(CliLocator.locate(null, Map.of(CliLocator.CLI_PATH_ENV, "  ", "PATH", onPath.getParent().toString())))
        .isEqualTo(onPath);
  }

  @Test
  void nonExecutableFileIsRejected() throws IOException {
    Path plain = file(dir.resolve("copilot"), "rw-------");

    assertThatThrownBy(() -> CliLocator.locate(plain, Map.of()))
        .isInstanceOf(CopilotCliNotFoundException.class)
        .hasMessageContaining("is not executable")
        .hasMessageContaining(plain.toString());
  }

  @Test
  void directoryIsRejected() throws IOException {
    Path directory = Files.createDirectories(dir.resolve("copilot-dir"));

    assertThatThrownBy(() -> CliLocator.locate(directory, Map.of()))
        .isInstanceOf(CopilotCliNotFoundException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void searchesPathInOrderSkippingNonExecutables() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    file(dir.resolve("plain/copilot"), "rw-r--r--"); // same name but not executable: skipped
    Path first = executable(dir.resolve("first/copilot"));
    executable(dir.resolve("second/copilot"));
    String path = String.join(File.pathSeparator, "", empty.toString(), dir.resolve("plain").toString(),
        dir.resolve("missing").toString(), first.getParent().toString(), dir.resolve("second").toString());

    assertThat(CliLocator.locate(null, Map.of("PATH", path))).isEqualTo(first);
  }

  @Test
  void nothingFoundNamesEveryPlaceAndHowToInstall() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));

    assertThatThrownBy(() -> CliLocator.locate(null, Map.of("PATH", empty.toString())))
        .isInstanceOf(CopilotCliNotFoundException.class)
        .hasMessageContaining("cliPath")
        .hasMessageContaining("COPILOT_CLI_PATH")
        .hasMessageContaining("PATH")
        .hasMessageContaining("npm install")
        .hasMessageContaining("copilot-" + CliLocator.platform());
    assertThatThrownBy(() -> CliLocator.locate(null, Map.of()))
        .isInstanceOf(CopilotCliNotFoundException.class);
  }

  @Test
  void npmLoaderOnPathIsSwappedForTheSiblingNativeBinary() throws IOException {
    Path github = dir.resolve("lib/node_modules/@github");
    Path loader = executable(github.resolve("copilot/npm-loader.js"));
    Path nativeBinary = executable(github.resolve("copilot-" + CliLocator.platform() + "/copilot"));
    Path bin = npmBinLink(loader);

    Path found = CliLocator.locate(null, Map.of("PATH", bin.toString()));

    assertThat(found.toRealPath()).isEqualTo(nativeBinary.toRealPath());
  }

  @Test
  void npmLoaderOnPathIsSwappedForTheNestedNativeBinary() throws IOException {
    Path packageDir = dir.resolve("lib/node_modules/@github/copilot");
    Path loader = executable(packageDir.resolve("npm-loader.js"));
    Path nativeBinary = executable(
        packageDir.resolve("node_modules/@github/copilot-" + CliLocator.platform() + "/copilot"));
    Path bin = npmBinLink(loader);

    assertThat(CliLocator.locate(null, Map.of("PATH", bin.toString())).toRealPath())
        .isEqualTo(nativeBinary.toRealPath());
  }

  @Test
  void npmLoaderWithoutNativeBinaryIsReturnedAsFound() throws IOException {
    Path loader = executable(dir.resolve("lib/node_modules/@github/copilot/npm-loader.js"));
    // A native binary for another platform must not be picked.
    executable(dir.resolve("lib/node_modules/@github/copilot-other-platform/copilot"));
    Path bin = npmBinLink(loader);

    assertThat(CliLocator.locate(null, Map.of("PATH", bin.toString()))).isEqualTo(bin.resolve("copilot"));
  }

  @Test
  void platformHasNpmShape() {
    assertThat(CliLocator.platform()).matches("(linux|darwin|win32)-(x64|arm64)");
  }

  // ---------------------------------------------------------------- helpers

  /** Makes {@code bin/copilot} a symlink to the loader, as {@code npm install -g} does. */
  private Path npmBinLink(Path loader) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("copilot"), bin.relativize(loader));
    return bin;
  }

  private static Path executable(Path path) throws IOException {
    return file(path, "rwxr-xr-x");
  }

  private static Path file(Path path, String permissions) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    return path;
  }
}
