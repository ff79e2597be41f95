package dev.copilotj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.test.CopilotTestRig;
import org.junit.jupiter.api.Test;

/** {@link CopilotClientLifecycle} on the real CLI: the synchronous stop returns only once the CLI is gone. */
class CopilotClientLifecycleIT {

  @Test
  void synchronousStopReturnsAfterTheCliExited() {
    try (CopilotTestRig rig = CopilotTestRig.start()) {
      CopilotClient client = offlineClient(rig);
      CopilotClientLifecycle lifecycle = new CopilotClientLifecycle(client, new CopilotProperties());
      lifecycle.start();
      Long pid = client.cliPid();
      assertThat(pid).isNotNull();
      ProcessHandle cli = ProcessHandle.of(pid).orElseThrow();
      assertThat(lifecycle.isRunning()).isTrue();

      lifecycle.stop();

      // no waiting here: stop() itself waited
      assertThat(cli.isAlive()).isFalse();
      assertThat(client.state()).isEqualTo(ClientState.STOPPED);
      assertThat(lifecycle.isRunning()).isFalse();
    }
  }

  @Test
  void asynchronousStopRunsTheCallbackAfterTheCliExited() throws Exception {
    try (CopilotTestRig rig = CopilotTestRig.start()) {
      CopilotClient client = offlineClient(rig);
      CopilotClientLifecycle lifecycle = new CopilotClientLifecycle(client, new CopilotProperties());
      lifecycle.start();
      ProcessHandle cli = ProcessHandle.of(client.cliPid()).orElseThrow();
      AtomicBoolean aliveInCallback = new AtomicBoolean(true);
      CountDownLatch done = new CountDownLatch(1);

      lifecycle.stop(() -> {
        aliveInCallback.set(cli.isAlive());
        done.countDown();
      });

      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(aliveInCallback).isFalse();
      assertThat(client.state()).isEqualTo(ClientState.STOPPED);
    }
  }

  private static CopilotClient offlineClient(CopilotTestRig rig) {
    return new CopilotClient(CopilotClientOptions.builder()
        .cliPath(rig.cliPath())
        .inheritEnvironment(false)
        .environment(rig.environment())
        .githubToken(rig.token())
        .workingDirectory(rig.workDirectory())
        .build());
  }
}
