package dev.copilotj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle edges that need no Copilot CLI: nothing to spawn, a fake CLI that dies, a server that is not there. */
class CopilotClientStateTest {

  @TempDir
  Path dir;

  private final List<CopilotClient> clients = new ArrayList<>();

  @AfterEach
  void stopClients() {
    clients.forEach(CopilotClient::close);
  }

  @Test
  void missingCliFailsTheStartAndTheStateSaysWhy() throws Exception {
    Path missing = dir.resolve("no-such-copilot");
    CopilotClient client = client(CopilotClientOptions.builder().cliPath(missing));
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    client.onStateChange(changes::add);

    Throwable error = startFailure(client);

    assertThat(error).isInstanceOf(CopilotCliNotFoundException.class).hasMessageContaining(missing.toString());
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
    assertThat(client.failure()).isSameAs(error);
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 2);
    assertThat(changes).extracting(ClientStateChange::previous, ClientStateChange::current).containsExactly(
        tuple(ClientState.NOT_STARTED, ClientState.STARTING),
        tuple(ClientState.STARTING, ClientState.FAILED));
    assertThat(changes.get(0).cause()).isNull();
    assertThat(changes.get(1).cause()).isSameAs(error);
    assertThat(client.connectedServer()).isNull();
    assertThat(client.cliPid()).isNull();
  }

  @Test
  void requestBeforeStartFailsFast() {
    CopilotClient client = client(CopilotClientOptions.builder());

    CompletableFuture<PingResponse> ping = client.ping("hi");

    assertThat(ping).isCompletedExceptionally();
    assertThat(ping.handle((ok, error) -> error).join())
        .isInstanceOf(CopilotException.class)
        .hasMessageContaining("not connected")
        .hasMessageContaining("start()");
    assertThat(client.state()).isEqualTo(ClientState.NOT_STARTED);
  }

  @Test
  void stopOnANeverStartedClientCompletes() throws Exception {
    CopilotClient client = client(CopilotClientOptions.builder());

    client.stop().get(1, TimeUnit.SECONDS);
    client.forceStop().get(1, TimeUnit.SECONDS);

    assertThat(client.state()).isEqualTo(ClientState.NOT_STARTED);
  }

  @Test
  void cliThatExitsAtOnceFailsTheStartWithItsExitCodeAndStderr() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs /bin/sh");
    Path script = dir.resolve("not-a-cli.sh");
    Files.writeString(script, "#!/bin/sh\necho boom >&2\nexit 3\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    CopilotClient client = client(CopilotClientOptions.builder().cliPath(script)
        .startupTimeout(Duration.ofSeconds(20)));

    long started = System.nanoTime();
    Throwable error = startFailure(client);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(error).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("boom");
    ConnectionClosedException closed = (ConnectionClosedException) error;
    assertThat(closed.exitCode()).isEqualTo(3);
    assertThat(closed.stderrTail()).isEqualTo("boom");
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
    assertThat(client.failure()).isSameAs(error);
  }

  @Test
  void closedServerPortFailsTheStartNamingTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // free it again: nothing listens there now
    }
    String address = "127.0.0.1:" + port;
    CopilotClient client = client(CopilotClientOptions.builder().serverAddress(address)
        .startupTimeout(Duration.ofSeconds(5)));

    Throwable error = startFailure(client);

    assertThat(error).isInstanceOf(CopilotException.class).hasMessageContaining(address);
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
  }

  @Test
  void failedClientCanBeStoppedAndReportsStopped() throws Exception {
    CopilotClient client = client(CopilotClientOptions.builder().cliPath(dir.resolve("missing")));
    startFailure(client);

    client.stop().get(5, TimeUnit.SECONDS);

    assertThat(client.state()).isEqualTo(ClientState.STOPPED);
  }

  private CopilotClient client(CopilotClientOptions.Builder options) {
    CopilotClient client = new CopilotClient(options.shutdownTimeout(Duration.ofSeconds(1)).build());
    clients.add(client);
    return client;
  }

  private static Throwable startFailure(CopilotClient client) throws Exception {
    try {
      client.start().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("start() should have failed");
  }
}
