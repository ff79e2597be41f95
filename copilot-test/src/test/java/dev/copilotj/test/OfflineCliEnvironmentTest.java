package dev.copilotj.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineCliEnvironmentTest {

  @TempDir Path temp;

  @Test
  void pointsTheCliAtTheFakeAndPrivateDirectories() {
    Map<String, String> env =
        OfflineCliEnvironment.create("http://127.0.0.1:1234", temp.resolve("rig"), temp.resolve("pkg"));

    assertThat(env)
        .containsEntry("COPILOT_API_URL", "http://127.0.0.1:1234")
        .containsEntry("COPILOT_DEBUG_GITHUB_API_URL", "http://127.0.0.1:1234")
        .containsEntry("LANG", "C.UTF-8")
        .containsEntry("COPILOT_PKG_CACHE_HOME", temp.resolve("pkg").toString())
        .containsKeys("PATH", "HOME", "COPILOT_HOME", "GH_CONFIG_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
            "XDG_CACHE_HOME", "TMPDIR");
    for (String key : new String[] {"HOME", "COPILOT_HOME", "XDG_CACHE_HOME", "TMPDIR", "XDG_STATE_HOME"}) {
      Path dir = Path.of(env.get(key));
      assertThat(dir).startsWith(temp.resolve("rig"));
      assertThat(Files.isDirectory(dir)).as(key).isTrue();
    }
  }

  @Test
  void passesNothingElseFromTheParentEnvironment() {
    Map<String, String> env =
        OfflineCliEnvironment.create("http://127.0.0.1:1", temp.resolve("rig"), temp.resolve("pkg"));

    assertThat(env).doesNotContainKeys("GH_TOKEN", "GITHUB_TOKEN", "COPILOT_GITHUB_TOKEN", "HTTPS_PROXY",
        "https_proxy", "COPILOT_SDK_AUTH_TOKEN");
    assertThat(env.values()).doesNotContain(OfflineCliEnvironment.FAKE_TOKEN);
    if (!System.getProperty("os.name").startsWith("Windows")) {
      assertThat(env).hasSize(12);
    }
  }
}
