package dev.copilotj.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CopilotTestRigTest {

  @Test
  void closeStopsTheFakeAndDeletesTheDirectories() throws Exception {
    CopilotTestRig rig = CopilotTestRig.start(FakeCopilotApi.builder().models("m1"));
    Path work = rig.workDirectory();
    Path home = Path.of(rig.environment().get("HOME"));
    Files.writeString(work.resolve("file.txt"), "x");
    Files.createDirectories(home.resolve("a/b"));
    String url = rig.fakeApi().url();
    assertThat(rig.fakeApi().models()).containsExactly("m1");

    rig.close();
    rig.close();

    assertThat(work).doesNotExist();
    assertThat(home).doesNotExist();
    HttpClient http = HttpClient.newHttpClient();
    assertThatThrownBy(
            () ->
                http.send(HttpRequest.newBuilder(URI.create(url + "/models")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void sharesThePackageCacheButNotThePrivateDirectories() {
    try (CopilotTestRig a = CopilotTestRig.start();
        CopilotTestRig b = CopilotTestRig.start()) {
      assertThat(a.environment().get("COPILOT_PKG_CACHE_HOME")).isEqualTo(b.environment().get("COPILOT_PKG_CACHE_HOME"));
      assertThat(a.environment().get("COPILOT_HOME")).isNotEqualTo(b.environment().get("COPILOT_HOME"));
      assertThat(a.fakeApi().url()).isNotEqualTo(b.fakeApi().url());
    }
  }
}
