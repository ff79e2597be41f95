package dev.copilotj.internal.client;

import java.util.HashMap;
import java.util.Map;

import dev.copilotj.CopilotClient;
import dev.copilotj.JsonRpcException;
import dev.copilotj.PingResponse;
import dev.copilotj.ProtocolVersionMismatchException;
import dev.copilotj.ServerStatus;
import dev.copilotj.internal.rpc.JsonRpcConnection;
import org.jspecify.annotations.Nullable;

/**
 * The {@code connect} handshake: sends the connection token (TCP), learns the CLI's version and checks that it
 * speaks {@link CopilotClient#PROTOCOL_VERSION}. CLIs from before {@code connect} report the version in {@code ping}.
 */
public final class Handshake {

  private Handshake() {
  }

  /**
   * Shakes hands.
   *
   * @param rpc the started connection
   * @param connectionToken the token a TCP server expects, or null
   * @param deadline the start's deadline
   * @return what the CLI said of itself
   * @throws Exception the request's failure, a {@link ProtocolVersionMismatchException} or a startup timeout
   */
  public static ServerStatus perform(JsonRpcConnection rpc, @Nullable String connectionToken, StartDeadline deadline)
      throws Exception {
    Map<String, Object> params = new HashMap<>();
    if (connectionToken != null) {
      params.put("token", connectionToken);
    }
    ServerStatus server;
    try {
      server = deadline.await(rpc.request("connect", params, deadline.remaining(), ServerResults::connect));
    } catch (JsonRpcException e) {
      if (e.code() != JsonRpcException.METHOD_NOT_FOUND) {
        throw e;
      }
      PingResponse pong = deadline.await(rpc.request("ping", Map.of("message", "connect"), deadline.remaining(),
          ServerResults::ping));
      server = new ServerStatus("unknown", pong.protocolVersion());
    }
    if (server.protocolVersion() != CopilotClient.PROTOCOL_VERSION) {
      throw new ProtocolVersionMismatchException(CopilotClient.PROTOCOL_VERSION, server.protocolVersion(),
          server.version());
    }
    return server;
  }
}
