package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.copilotj.AuthStatus;
import dev.copilotj.ClientState;
import dev.copilotj.ClientStateChange;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotCliNotFoundException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotException;
import dev.copilotj.JsonRpcException;
import dev.copilotj.ModelInfo;
import dev.copilotj.PingResponse;
import dev.copilotj.ServerStatus;
import dev.copilotj.TransportMode;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the real Copilot CLI, offline. */
@CopilotOfflineTest
class ClientIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(TransportMode.class)
  void startsPingsReportsAndStops(TransportMode transport, CopilotTestRig rig) throws Exception {
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = new CopilotClient(OfflineClients.options(rig).transport(transport).build());
    client.onStateChange(changes::add);

    client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    assertThat(client.connectedServer()).isEqualTo(new ServerStatus(CopilotClient.TESTED_CLI_VERSION, 3));
    long pid = client.cliPid();

    PingResponse pong = client.ping("hello").get(10, TimeUnit.SECONDS);
    assertThat(pong.message()).isEqualTo("pong: hello");
    assertThat(pong.protocolVersion()).isEqualTo(3);
    assertThat(pong.timestamp()).isNotNull();

    assertThat(client.status().get(10, TimeUnit.SECONDS).version()).isEqualTo(CopilotClient.TESTED_CLI_VERSION);
    AuthStatus auth = client.authStatus().get(10, TimeUnit.SECONDS);
    assertThat(auth.authenticated()).isTrue();
    assertThat(auth.authType()).isEqualTo("token");

    List<ModelInfo> models = client.listModels().get(10, TimeUnit.SECONDS);
    assertThat(models).extracting(ModelInfo::id).contains("claude-sonnet-4.5");
    assertThat(client.listModels()).as("cached until stop").isSameAs(client.listModels());
    int modelRequests = rig.fakeApi().requestCount("/models");
    client.listModels(true).get(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> client.call("no.such.method", null).join())
        .hasCauseInstanceOf(JsonRpcException.class)
        .hasMessageContaining("no.such.method");

    client.stop().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(client.state()).isEqualTo(ClientState.STOPPED);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(changes)
        .extracting(ClientStateChange::current)
        .containsExactly(ClientState.STARTING, ClientState.CONNECTED, ClientState.STOPPING, ClientState.STOPPED));
    assertThat(modelRequests).isPositive();
  }

  @Test
  void connectsToARunningServerWithItsConnectionToken(CopilotTestRig rig) throws Exception {
    Map<String, String> env = new HashMap<>(rig.environment());
    env.put(CopilotClientOptions.CONNECTION_TOKEN_ENV, "s3cret");
    env.put(CopilotClientOptions.AUTH_TOKEN_ENV, rig.token());
    ProcessBuilder builder = new ProcessBuilder(rig.cliPath().toString(), "--headless", "--no-auto-update",
        "--log-level", "error", "--auth-token-env", CopilotClientOptions.AUTH_TOKEN_ENV, "--no-auto-login")
        .directory(rig.workDirectory().toFile())
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process server = builder.start();
    try {
      int port = readListeningPort(server);
      CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
          .serverAddress("127.0.0.1:" + port).connectionToken("s3cret").build());
      client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(client.ping("tcp").get(10, TimeUnit.SECONDS).message()).isEqualTo("pong: tcp");
      assertThat(client.cliPid()).as("nothing spawned").isNull();
      client.stop().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(server.isAlive()).as("a client of a running server only disconnects").isTrue();

      CopilotClient intruder = new CopilotClient(CopilotClientOptions.builder()
          .serverAddress("127.0.0.1:" + port).connectionToken("wrong").build());
      assertThatThrownBy(() -> intruder.start().get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .hasCauseInstanceOf(JsonRpcException.class);
      assertThat(intruder.state()).isEqualTo(ClientState.FAILED);
      intruder.close();
    } finally {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aCliKilledMidCallFailsThePendingCallWithinASecond(CopilotTestRig rig) throws Exception {
    CopilotClient client = new CopilotClient(OfflineClients.options(rig).build());
    client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    long pid = client.cliPid();
    signal("STOP", pid); // frozen: the ping below stays pending
    CompletableFuture<PingResponse> pending = client.ping("never answered");
    Thread.sleep(100);
    assertThat(pending).isNotDone();

    long killedAt = System.nanoTime();
    signal("KILL", pid);
    assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("exited with code 137")
        .hasMessageContaining("SIGKILL");
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(2)).until(() -> client.state() == ClientState.FAILED);
    assertThat(client.failure()).isInstanceOf(ConnectionClosedException.class);
    assertThatThrownBy(() -> client.ping("after").join()).hasMessageContaining("not connected");

    client.stop().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(client.state()).isEqualTo(ClientState.STOPPED);
    client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(client.ping("again").get(10, TimeUnit.SECONDS).message()).isEqualTo("pong: again");
    client.close();
  }

  @Test
  void aMissingCliNamesEveryPlaceItLookedAndHowToInstall(@TempDir Path emptyDir) {
    CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
        .inheritEnvironment(false).environment("PATH", emptyDir.toString()).build());
    assertThatThrownBy(() -> client.start().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(CopilotCliNotFoundException.class)
        .hasMessageContaining("cliPath")
        .hasMessageContaining("COPILOT_CLI_PATH")
        .hasMessageContaining("PATH")
        .hasMessageContaining("npm install -g @github/copilot@");
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
  }

  @Test
  void twentyStartStopCyclesLeaveNoProcessAndNoThread(CopilotTestRig rig) throws Exception {
    Set<String> threadsBefore = nonDaemonThreads();
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).build())) {
        client.start().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        pids.add(client.cliPid());
        assertThat(client.ping("cycle " + i).get(10, TimeUnit.SECONDS).message()).isEqualTo("pong: cycle " + i);
      }
    }
    assertThat(pids).doesNotHaveDuplicates().hasSize(20);
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse();
    }
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(nonDaemonThreads()).isSubsetOf(threadsBefore));
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
            .noneMatch(name -> name.startsWith("copilot-rpc") || name.startsWith("copilot-cli")));
  }

  @Test
  void aStartThatTimesOutFailsClearlyAndKillsTheCli(CopilotTestRig rig, @TempDir Path dir) throws Exception {
    Path silent = dir.resolve("silent-cli");
    Files.writeString(silent, "#!/bin/sh\nexec sleep 60\n");
    silent.toFile().setExecutable(true);
    CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
        .cliPath(silent).startupTimeout(Duration.ofMillis(800)).build());
    long started = System.nanoTime();
    assertThatThrownBy(() -> client.start().get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CopilotException.class)
        .hasMessageContaining("startupTimeout");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
        .filter(p -> p.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false))
        .count()).isZero());
  }

  private static Set<String> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !t.isDaemon() && t.isAlive() && !t.getName().startsWith("awaitility"))
        .map(Thread::getName)
        .collect(Collectors.toSet());
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static int readListeningPort(Process server) throws Exception {
    Pattern listening = Pattern.compile("listening on port (\\d+)", Pattern.CASE_INSENSITIVE);
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
          Matcher matcher = listening.matcher(line);
          if (matcher.find()) {
            return Integer.parseInt(matcher.group(1));
          }
        }
        throw new IllegalStateException("the CLI exited without announcing a port");
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    return port.get(30, TimeUnit.SECONDS);
  }
}
