package dev.copilotj.internal.client;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import dev.copilotj.CopilotClientOptions;
import dev.copilotj.TransportMode;
import dev.copilotj.internal.process.CliProcess;
import dev.copilotj.internal.process.StdioTransport;
import dev.copilotj.internal.rpc.SocketTransport;
import dev.copilotj.internal.rpc.Transport;
import org.jspecify.annotations.Nullable;

/**
 * Brings up the byte stream to a CLI: spawns it (stdio or TCP on a port it announces) or connects to a running
 * server. A TCP CLI gets a random connection token in its environment unless the options name one.
 */
public final class CliLauncher {

  private static final SecureRandom RANDOM = new SecureRandom();

  private CliLauncher() {
  }

  /**
   * What a launch brought up.
   *
   * @param transport the byte stream
   * @param process the spawned CLI, or null when connected to a running server
   * @param connectionToken the token to send in the handshake, or null
   */
  public record Launched(Transport transport, @Nullable CliProcess process, @Nullable String connectionToken) {
  }

  /**
   * Launches.
   *
   * @param options the client's options
   * @param deadline the start's deadline
   * @return the transport and what belongs to it; a process that could not be connected to is killed
   */
  public static Launched launch(CopilotClientOptions options, StartDeadline deadline) {
    String serverHost = options.server().host();
    if (serverHost != null) {
      return new Launched(SocketTransport.connect(serverHost, options.server().port(), deadline.remaining(), null),
          null, options.server().connectionToken());
    }
    CliCommandLine commandLine = CliCommandLine.of(options);
    Map<String, String> env = new HashMap<>(commandLine.environment());
    boolean tcp = options.cli().transport() == TransportMode.TCP;
    String connectionToken = options.server().connectionToken();
    if (tcp) {
      if (connectionToken == null) {
        connectionToken = randomToken();
      }
      env.put(CopilotClientOptions.CONNECTION_TOKEN_ENV, connectionToken);
    }
    CliProcess process = CliProcess.spawn(commandLine.command(), env, options.cli().inheritEnvironment(),
        options.cli().workingDirectory(), tcp);
    try {
      Transport transport;
      if (tcp) {
        int port = process.awaitListeningPort(deadline.remaining());
        transport = SocketTransport.connect("127.0.0.1", port, deadline.remaining(),
            error -> process.describeEnd(error, Duration.ofMillis(500)));
      } else {
        transport = new StdioTransport(process);
      }
      return new Launched(transport, process, connectionToken);
    } catch (RuntimeException e) {
      process.kill();
      throw e;
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
