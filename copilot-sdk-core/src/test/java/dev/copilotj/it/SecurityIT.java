package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.JsonRpcException;
import dev.copilotj.SessionConfig;
import dev.copilotj.TransportMode;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.PermissionCompletedEvent;
import dev.copilotj.event.PermissionRequestedEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.rpc.FrameDecoder;
import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.test.FakeReply;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One test per security promise, against the real Copilot CLI offline. Runs in its own failsafe execution
 * ({@code security-it} in the pom), whose JVM has the SDK's loggers at debug, so "never logged" is checked
 * against everything the SDK can log.
 */
@CopilotOfflineTest
class SecurityIT {

  private static final Duration TURN = Duration.ofSeconds(30);
  /** Distinctive, so a hit in a log or a command line cannot be a coincidence. */
  private static final String TOKEN = "ghu_SecurityIT" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

  private static StderrCapture stderr;

  @BeforeAll
  static void captureLogs() {
    stderr = StderrCapture.start();
  }

  @AfterAll
  static void restoreStderr() {
    stderr.close();
  }

  // ---------------------------------------------------------------- the GitHub token

  @Test
  void theTokenIsInTheChildsEnvironmentOnlyNeverOnItsCommandLineAndNeverInALog(CopilotTestRig rig,
      FakeCopilotApi fake) throws Exception {
    assertThat(LoggerFactory.getLogger(CopilotClient.class).isDebugEnabled())
        .as("the security-it execution runs dev.copilotj at debug; run this class through it").isTrue();
    int logStart = logs().length();
    ToolDefinition echo = ToolDefinition.builder("echo_upper").description("Upper-cases text")
        .handler(call -> ToolResult.text(String.valueOf(call.arguments().get("text")).toUpperCase())).build();

    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).githubToken(TOKEN).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      long pid = client.cliPid();

      List<String> commandLine = procStrings(pid, "cmdline");
      assertThat(commandLine).as("the CLI's command line").isNotEmpty()
          .noneMatch(argument -> argument.contains(TOKEN))
          .containsSubsequence("--auth-token-env", CopilotClientOptions.AUTH_TOKEN_ENV);
      assertThat(procStrings(pid, "environ")).as("the CLI's environment")
          .contains(CopilotClientOptions.AUTH_TOKEN_ENV + "=" + TOKEN);

      CopilotSession session = client.createSession(SessionConfig.builder().tool(echo).build())
          .get(30, TimeUnit.SECONDS);
      assertThat(session.sendAndWait("CALL_TOOL echo_upper {\"text\":\"hi\"}", TURN).get(40, TimeUnit.SECONDS)
          .content()).isEqualTo("TOOL RESULT WAS: HI");
      assertThatThrownBy(() -> client.call("no.such.method", Map.of("x", 1)).join())
          .hasCauseInstanceOf(JsonRpcException.class);
      assertThat(fake.requests()).as("the CLI authenticated to the fake with the token from its environment")
          .anyMatch(request -> ("Bearer " + TOKEN).equals(request.headers().get("authorization")));
      client.stop().get(30, TimeUnit.SECONDS);
    }

    String logged = logs().substring(logStart);
    assertThat(logged).as("what the SDK logged at debug during start, a tool turn, an error and stop")
        .contains("Started Copilot CLI pid")
        .contains("Connected to Copilot CLI")
        .doesNotContain(TOKEN);
    System.out.printf("SECURITY: %d characters of debug logging checked, token absent%n", logged.length());
  }

  // ---------------------------------------------------------------- the TCP transport

  @Test
  void aSpawnedTcpCliListensOnLoopbackOnlyAndRefusesAConnectionWithoutTheToken(CopilotTestRig rig)
      throws Exception {
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).transport(TransportMode.TCP).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      long pid = client.cliPid();
      Socket socket = clientSocket(client);
      assertThat(socket.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(socket.getLocalAddress().isLoopbackAddress()).isTrue();
      int port = socket.getPort();

      List<String> listening = listeningAddresses(pid);
      System.out.printf("SECURITY: the TCP CLI (pid %d) listens on %s%n", pid, listening);
      assertThat(listening).as("every listening socket of the CLI").isNotEmpty()
          .contains("127.0.0.1:" + port)
          .allMatch(address -> address.startsWith("127.0.0.1:") || address.startsWith("[::1]:"));
      assertThat(procStrings(pid, "environ")).anyMatch(v -> v.startsWith(CopilotClientOptions.CONNECTION_TOKEN_ENV
          + "=") && v.length() > CopilotClientOptions.CONNECTION_TOKEN_ENV.length() + 16);

      // a second client on the same port without the token: refused, and stays refused
      try (Socket intruder = new Socket(InetAddress.getLoopbackAddress(), port)) {
        intruder.setSoTimeout(10_000);
        FrameDecoder answers = new FrameDecoder(intruder.getInputStream(), 1 << 20);
        JsonNode connect = call(intruder, answers, 1, "connect", Map.of());
        assertThat(connect.path("error").path("code").intValue()).isEqualTo(-32002);
        JsonNode ping = call(intruder, answers, 2, "ping", Map.of("message", "let me in"));
        assertThat(ping.path("error").path("code").intValue()).isEqualTo(-32001);
        assertThat(ping.has("result")).isFalse();
      }
      CopilotClient wrongToken = new CopilotClient(CopilotClientOptions.builder()
          .serverAddress("127.0.0.1:" + port).connectionToken("guessed").build());
      assertThatThrownBy(() -> wrongToken.start().get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(JsonRpcException.class)
          .satisfies(e -> assertThat(((JsonRpcException) e.getCause()).code()).isEqualTo(-32002));
      wrongToken.close();
      assertThat(client.ping("owner").get(10, TimeUnit.SECONDS).message()).isEqualTo("pong: owner");
    }
  }

  // ---------------------------------------------------------------- permissions

  @Test
  void theDefaultPermissionPolicyDeniesShellWriteAndUrlToolsTheApplicationDidNotRegister(CopilotTestRig rig,
      FakeCopilotApi fake) throws Exception {
    Path workDirectory = rig.workDirectory();
    String exfiltrate = fake.url() + "/exfiltrate?data=secret";
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      CopilotSession session = client.createSession().get(30, TimeUnit.SECONDS); // the default policy
      List<SessionEvent> events = new CopyOnWriteArrayList<>();
      session.on(events::add);

      fake.enqueue(FakeReply.toolCall("bash",
          "{\"command\":\"touch pwned-by-shell.txt\",\"description\":\"make a file\"}"));
      session.sendAndWait("run a shell command", TURN).get(40, TimeUnit.SECONDS);
      fake.enqueue(FakeReply.toolCall("create", Json.MAPPER.writeValueAsString(Map.of(
          "path", workDirectory.resolve("pwned-by-write.txt").toString(), "file_text", "pwned"))));
      session.sendAndWait("write a file", TURN).get(40, TimeUnit.SECONDS);
      fake.enqueue(FakeReply.toolCall("web_fetch", Json.MAPPER.writeValueAsString(Map.of("url", exfiltrate))));
      session.sendAndWait("fetch a URL", TURN).get(40, TimeUnit.SECONDS);
      fake.enqueue(FakeReply.toolCall("web_fetch", "{\"url\":\"http://127.0.0.1:1/x\"}"));
      session.sendAndWait("fetch another URL", TURN).get(40, TimeUnit.SECONDS);

      assertThat(events).filteredOn(PermissionRequestedEvent.class::isInstance)
          .extracting(event -> ((PermissionRequestedEvent) event).kind())
          .containsExactly("shell", "write", "url", "url");
      assertThat(events).filteredOn(PermissionCompletedEvent.class::isInstance)
          .extracting(event -> ((PermissionCompletedEvent) event).resultKind())
          .hasSize(4).allMatch(kind -> kind.startsWith("denied"));
      assertThat(events).filteredOn(ToolExecutionCompleteEvent.class::isInstance)
          .hasSize(4).noneMatch(event -> ((ToolExecutionCompleteEvent) event).success());
      assertThat(events).noneMatch(ExternalToolRequestedEvent.class::isInstance);
      assertThat(workDirectory.resolve("pwned-by-shell.txt")).doesNotExist();
      assertThat(workDirectory.resolve("pwned-by-write.txt")).doesNotExist();
      assertThat(fake.requestCount("/exfiltrate")).as("requests that reached the fake for the URL").isZero();
      assertThat(fake.requests()).noneMatch(request -> request.path().contains("exfiltrate"));
      System.out.printf("SECURITY: shell, write and 2 URL requests answered %s; %d chat requests, no file, no fetch%n",
          events.stream().filter(PermissionCompletedEvent.class::isInstance)
              .map(event -> ((PermissionCompletedEvent) event).resultKind()).collect(Collectors.toList()),
          fake.chatRequests().size());
    }
  }

  // ---------------------------------------------------------------- tool failures

  @Test
  void aThrowingToolHandlerNeverLeaksItsStackTraceOrCausesToTheModel(CopilotTestRig rig, FakeCopilotApi fake)
      throws Exception {
    ToolDefinition lookup = ToolDefinition.builder("lookup_order")
        .description("Looks up an order")
        .handler(call -> {
          throw new IllegalStateException("inventory service unavailable",
              new java.sql.SQLException("jdbc:postgresql://db.internal:5432/orders password=hunter2"));
        })
        .build();
    try (CopilotClient client = new CopilotClient(OfflineClients.options(rig).build())) {
      client.start().get(30, TimeUnit.SECONDS);
      CopilotSession session = client.createSession(SessionConfig.builder().tool(lookup).build())
          .get(30, TimeUnit.SECONDS);

      session.sendAndWait("CALL_TOOL lookup_order {\"text\":\"42\"}", TURN).get(40, TimeUnit.SECONDS);

      ChatMessage toolMessage = fake.lastChatRequest().lastMessage();
      assertThat(toolMessage.role()).isEqualTo("tool");
      System.out.printf("SECURITY: the model saw: %s%n", toolMessage.text());
      // the handler's message stays in the application's log: the CLI tells the model only that the tool failed
      assertThat(toolMessage.text()).contains("lookup_order").doesNotContain("inventory service unavailable")
          .doesNotContain("\tat ").doesNotContain("at dev.copilotj").doesNotContain("at java.")
          .doesNotContain("SecurityIT").doesNotContain("Exception").doesNotContain("hunter2")
          .doesNotContain("db.internal");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String logs() {
    return stderr.text();
  }

  /** A NUL-separated /proc file of a process (cmdline, environ) as a list. */
  private static List<String> procStrings(long pid, String file) throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
    return Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\0"))
        .filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }

  /** The addresses a process listens on (TCP, IPv4 and IPv6), from its socket inodes and /proc/net. */
  private static List<String> listeningAddresses(long pid) throws Exception {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.collect(Collectors.toList())) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (java.io.IOException gone) {
          // closed meanwhile
        }
      }
    }
    List<String> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A = LISTEN
          listening.add(address(f[1]));
        }
      }
    }
    return listening;
  }

  /** Decodes /proc/net/tcp's little-endian hex "0100007F:1F90". */
  private static String address(String hex) throws Exception {
    String[] parts = hex.split(":");
    byte[] raw = HexFormat.of().parseHex(parts[0]);
    byte[] address = new byte[raw.length];
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        address[word + i] = raw[word + 3 - i];
      }
    }
    String host = InetAddress.getByAddress(address).getHostAddress();
    int port = Integer.parseInt(parts[1], 16);
    return (address.length == 16 ? "[" + (host.equals("0:0:0:0:0:0:0:1") ? "::1" : host) + "]" : host) + ":" + port;
  }

  /** White box: the TCP socket of the client's current connection. */
  private static Socket clientSocket(CopilotClient client) throws Exception {
    Object rpc = Faults.connectionField(client, "rpc");
    java.lang.reflect.Field transportField = rpc.getClass().getDeclaredField("transport");
    transportField.setAccessible(true);
    Object transport = transportField.get(rpc);
    java.lang.reflect.Field socketField = transport.getClass().getDeclaredField("socket");
    socketField.setAccessible(true);
    return (Socket) socketField.get(transport);
  }

  /** One raw JSON-RPC call on a socket of our own. */
  private static JsonNode call(Socket socket, FrameDecoder decoder, int id, String method, Object params)
      throws Exception {
    byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params));
    OutputStream out = socket.getOutputStream();
    out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    while (true) {
      byte[] frame = decoder.readFrame();
      assertThat(frame).as("an answer to %s", method).isNotNull();
      JsonNode message = Json.MAPPER.readTree(frame);
      if (message.path("id").asInt(-1) == id) {
        return message;
      }
    }
  }
}
