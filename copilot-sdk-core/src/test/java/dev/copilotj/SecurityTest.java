package dev.copilotj;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.copilotj.tool.PermissionDecision;
import dev.copilotj.tool.PermissionPolicies;
import dev.copilotj.tool.PermissionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security promises that need no Copilot CLI; {@code SecurityIT} proves the rest against the real one. */
class SecurityTest {

  private static final String TOKEN = "ghu_SecurityTestTokenDoNotLeak0123456789";

  @TempDir
  Path dir;

  @Test
  void optionsToStringMasksBothTokensAndPrintsNoEnvironmentValue() {
    CopilotClientOptions options = CopilotClientOptions.builder()
        .githubToken(TOKEN)
        .connectionToken("connection-" + TOKEN)
        .environment(CopilotClientOptions.AUTH_TOKEN_ENV, "env-" + TOKEN)
        .environment("DATABASE_PASSWORD", "hunter2")
        .build();

    for (String text : List.of(options.toString(), options.toBuilder().build().toString())) {
      assertThat(text).doesNotContain(TOKEN).doesNotContain("hunter2")
          .contains("githubToken=******").contains("connectionToken=******").contains("DATABASE_PASSWORD");
    }
    assertThat(options.auth().githubToken()).isEqualTo(TOKEN);
  }

  @Test
  void theTokenIsNeverAnArgumentOfTheCli() throws Exception {
    // a stand-in CLI that prints its arguments to stderr and exits: the start failure quotes that stderr
    Path cli = dir.resolve("echo-args-cli");
    Files.writeString(cli, "#!/bin/sh\necho \"args: $*\" >&2\nexit 3\n");
    Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
    CopilotClient client = new CopilotClient(CopilotClientOptions.builder().cliPath(cli).githubToken(TOKEN)
        .startupTimeout(Duration.ofSeconds(10)).build());

    Throwable failure = client.start().handle((ok, error) -> error).get(15, TimeUnit.SECONDS);

    assertThat(failure).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("args: --headless")
        .hasMessageContaining("--auth-token-env " + CopilotClientOptions.AUTH_TOKEN_ENV)
        .hasMessageNotContaining(TOKEN);
    assertThat(((ConnectionClosedException) failure).stderrTail()).doesNotContain(TOKEN);
    client.close();
  }

  @Test
  void theDefaultPermissionPolicyApprovesOnlyTheSessionsOwnRegisteredTools() throws Exception {
    assertThat(SessionConfig.defaults().permissionHandler()).isSameAs(PermissionPolicies.registeredToolsOnly());
    for (String kind : List.of("shell", "write", "url", "mcp", "read", "memory", "custom-tool", "future-kind")) {
      PermissionDecision decision = PermissionPolicies.registeredToolsOnly()
          .decide(new PermissionRequest("s", "r", kind, "some_tool", "c", "{}", false, "{}"));
      assertThat(decision.approved()).as("a '%s' request for a tool the application did not register", kind)
          .isFalse();
    }
    assertThat(PermissionPolicies.registeredToolsOnly().decide(new PermissionRequest("s", "r",
        PermissionRequest.KIND_CUSTOM_TOOL, "order_status", "c", "{}", true, "{}")).approved()).isTrue();
  }
}
