package dev.copilotj.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;

/** What every phase does with a client, so both clients run exactly the same scenario. */
interface Driver extends AutoCloseable {

  Duration TURN_TIMEOUT = Duration.ofMinutes(3);
  String ECHO_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}";

  String name();

  /** The CLI's pid, to wait for its exit. */
  long cliPid();

  /** One {@code ping} round trip, synchronously. */
  void ping() throws Exception;

  /** Creates a session (with the client tool {@code echo_upper} when asked), synchronously. */
  Conversation openSession(boolean echoTool) throws Exception;

  @Override
  void close();

  /** A session of either client. */
  interface Conversation {

    /** Sends a prompt; completes at {@code session.idle} with the last assistant message's text. */
    CompletableFuture<?> turn(String prompt);

    void close();

    static String content(Object result) {
      if (result instanceof AssistantMessageEvent message) {
        return message.content();
      }
      return result == null ? "" : result.toString();
    }
  }

  static Driver start(String client, CliSetup setup) throws Exception {
    return switch (client) {
      case Ours.NAME -> Ours.start(setup);
      case Raw.NAME -> Raw.start(setup);
      default -> throw new IllegalArgumentException("no client " + client);
    };
  }

  /** The SDK's {@link CopilotClient}, used as an application would. */
  final class Ours implements Driver {
    static final String NAME = "ours";
    private static final ToolDefinition ECHO = ToolDefinition.builder("echo_upper")
        .description("Upper-cases the given text")
        .parametersSchema(ECHO_SCHEMA)
        .handler(call -> ToolResult.text(String.valueOf(call.arguments().get("text")).toUpperCase(Locale.ROOT)
            + " (from client tool)"))
        .build();

    final CopilotClient client;

    private Ours(CopilotClient client) {
      this.client = client;
    }

    /**
     * Diagnostic switch {@code -Dbench.ours.executor=}: {@code default} (the SDK's shared executor), {@code direct}
     * (callbacks run on the SDK's reader thread: no hand-offs; unsafe for real use) or {@code cached} (an
     * unbounded cached thread pool). Used to show how much of the SDK's latency the executor hand-offs cost.
     */
    static final String EXECUTOR = System.getProperty("bench.ours.executor", "default");

    static Ours start(CliSetup setup) throws Exception {
      CopilotClientOptions.Builder options = setup.sdkOptions();
      switch (EXECUTOR) {
        case "direct" -> options.executor(Runnable::run);
        case "cached" -> options.executor(Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "bench-cached");
          t.setDaemon(true);
          return t;
        }));
        default -> { }
      }
      CopilotClient client = new CopilotClient(options.build());
      try {
        client.start().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        client.close();
        throw e;
      }
      return new Ours(client);
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public long cliPid() {
      Long pid = client.cliPid();
      return pid == null ? -1 : pid;
    }

    @Override
    public void ping() throws Exception {
      client.ping("hello").get(30, TimeUnit.SECONDS);
    }

    @Override
    public Conversation openSession(boolean echoTool) throws Exception {
      SessionConfig config = echoTool ? SessionConfig.builder().tool(ECHO).build() : SessionConfig.defaults();
      CopilotSession session = client.createSession(config).get(60, TimeUnit.SECONDS);
      return new Conversation() {
        @Override
        public CompletableFuture<?> turn(String prompt) {
          return session.sendAndWait(prompt, TURN_TIMEOUT);
        }

        @Override
        public void close() {
          session.close();
        }
      };
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** The minimal raw JSON-RPC client. */
  final class Raw implements Driver {
    static final String NAME = "raw";

    final RawClient client;

    private Raw(RawClient client) {
      this.client = client;
    }

    static Raw start(CliSetup setup) throws Exception {
      return new Raw(RawClient.spawnAndConnect(setup));
    }

    /** The diagnostic variant that writes through a writer thread, like the SDK. */
    static Raw startWithWriterThread(CliSetup setup) throws Exception {
      return new Raw(RawClient.spawnAndConnect(setup, true));
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public long cliPid() {
      return client.pid();
    }

    @Override
    public void ping() throws Exception {
      ObjectNode params = client.params();
      params.put("message", "hello");
      client.request("ping", params).get(30, TimeUnit.SECONDS);
    }

    @Override
    public Conversation openSession(boolean echoTool) throws Exception {
      RawSession session = client.createSession(UUID.randomUUID().toString(), echoTool).get(60, TimeUnit.SECONDS);
      return new Conversation() {
        @Override
        public CompletableFuture<?> turn(String prompt) {
          return session.sendAndWait(prompt);
        }

        @Override
        public void close() {
          try {
            session.destroy().get(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            System.err.println("raw session.destroy failed: " + e);
          }
        }
      };
    }

    @Override
    public void close() {
      client.close();
    }
  }
}
