package dev.copilotj.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopilotCliInstallerTest {

  @TempDir Path temp;

  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> env = new HashMap<>();

  private CopilotCliInstaller installer() {
    properties.putIfAbsent("user.home", temp.resolve("home").toString());
    return new CopilotCliInstaller(properties::get, env::get, "Linux", "amd64");
  }

  @Test
  void mapsJavaPlatformNamesToNpmPlatforms() {
    assertThat(CopilotCliInstaller.platform("Linux", "amd64")).isEqualTo("linux-x64");
    assertThat(CopilotCliInstaller.platform("Linux", "aarch64")).isEqualTo("linux-arm64");
    assertThat(CopilotCliInstaller.platform("Mac OS X", "aarch64")).isEqualTo("darwin-arm64");
    assertThat(CopilotCliInstaller.platform("Mac OS X", "x86_64")).isEqualTo("darwin-x64");
    assertThat(CopilotCliInstaller.platform("Windows 11", "amd64")).isEqualTo("win32-x64");
    assertThat(CopilotCliInstaller.platform("Windows Server 2022", "arm64")).isEqualTo("win32-arm64");
    assertThatThrownBy(() -> CopilotCliInstaller.platform("SunOS", "amd64"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("COPILOT_CLI_PATH");
    assertThatThrownBy(() -> CopilotCliInstaller.platform("Linux", "ppc64le"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void binaryNameHasExeOnlyOnWindows() {
    assertThat(CopilotCliInstaller.binaryName("Windows 10")).isEqualTo("copilot.exe");
    assertThat(CopilotCliInstaller.binaryName("Linux")).isEqualTo("copilot");
  }

  @Test
  void binaryLivesInThePlatformPackage() {
    Path dir = temp.resolve("1.0.102");
    assertThat(installer().binaryIn(dir))
        .isEqualTo(dir.resolve("node_modules/@github/copilot-linux-x64/copilot"));
  }

  @Test
  void explicitSystemPropertyWinsOverEnvironment() throws Exception {
    Path fromProperty = Files.createFile(temp.resolve("cli-property"));
    Path fromEnv = Files.createFile(temp.resolve("cli-env"));
    properties.put(CopilotCliInstaller.PATH_PROPERTY, fromProperty.toString());
    env.put(CopilotCliInstaller.PATH_ENV, fromEnv.toString());

    assertThat(installer().cliPath()).isEqualTo(fromProperty);
  }

  @Test
  void environmentPathIsUsedWhenNoPropertyIsSet() throws Exception {
    Path fromEnv = Files.createFile(temp.resolve("cli-env"));
    env.put(CopilotCliInstaller.PATH_ENV, fromEnv.toString());

    assertThat(installer().cliPath()).isEqualTo(fromEnv);
  }

  @Test
  void missingOrBlankExplicitPathsAreSkipped() throws Exception {
    Path fromEnv = Files.createFile(temp.resolve("cli-env"));
    properties.put(CopilotCliInstaller.PATH_PROPERTY, temp.resolve("does-not-exist").toString());
    env.put(CopilotCliInstaller.PATH_ENV, fromEnv.toString());
    assertThat(installer().explicitCliPath()).isEqualTo(fromEnv);

    properties.put(CopilotCliInstaller.PATH_PROPERTY, "  ");
    env.remove(CopilotCliInstaller.PATH_ENV);
    assertThat(installer().explicitCliPath()).isNull();
  }

  @Test
  void reusesACompleteInstallWithoutRunningNpm() throws Exception {
    properties.put(CopilotCliInstaller.CACHE_PROPERTY, temp.resolve("cache").toString());
    properties.put(CopilotCliInstaller.VERSION_PROPERTY, "9.9.9");
    CopilotCliInstaller installer = installer();
    Path dir = temp.resolve("cache/9.9.9");
    Path binary = installer.binaryIn(dir);
    Files.createDirectories(binary.getParent());
    Files.writeString(binary, "#!/bin/sh\n");
    Files.writeString(dir.resolve(".complete"), "9.9.9\n");

    assertThat(installer.cliPath()).isEqualTo(binary);
  }

  @Test
  void versionComesFromPropertyElseTheBuild() {
    assertThat(installer().version()).isEqualTo(System.getProperty("copilot.cli.version", "1.0.102"));
    properties.put(CopilotCliInstaller.VERSION_PROPERTY, "1.2.3");
    assertThat(installer().version()).isEqualTo("1.2.3");
    properties.put(CopilotCliInstaller.VERSION_PROPERTY, "../evil");
    assertThatThrownBy(() -> installer().version()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cacheDirectoryComesFromPropertyThenEnvironmentThenUserHome() {
    assertThat(installer().cacheDirectory()).isEqualTo(temp.resolve("home/.cache/copilot-java/cli"));
    env.put(CopilotCliInstaller.CACHE_ENV, temp.resolve("from-env").toString());
    assertThat(installer().cacheDirectory()).isEqualTo(temp.resolve("from-env"));
    properties.put(CopilotCliInstaller.CACHE_PROPERTY, temp.resolve("from-property").toString());
    assertThat(installer().cacheDirectory()).isEqualTo(temp.resolve("from-property"));
    assertThat(installer().packageCacheDirectory()).isEqualTo(temp.resolve("from-property/pkg"));
  }

  @Test
  void buildPinsTheVersionInAFilteredResource() {
    CopilotCliInstaller noProperty = new CopilotCliInstaller(k -> null, k -> null, "Linux", "amd64");
    assertThat(noProperty.version()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("$");
  }
}
