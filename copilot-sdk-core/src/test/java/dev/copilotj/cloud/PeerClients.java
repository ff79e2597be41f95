package dev.copilotj.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.copilotj.CloudOptions;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.SessionConfig;

/** One scripted cloud peer and the clients a test connects to it; {@link #close()} stops them all. */
final class PeerClients implements AutoCloseable {

  /** How long a test waits for anything the peer or a client does. */
  static final Duration WAIT = Duration.ofSeconds(5);

  private final ScriptedCliPeer peer;
  private final List<CopilotClient> clients = new ArrayList<>();

  private PeerClients(ScriptedCliPeer peer) {
    this.peer = peer;
  }

  static PeerClients start() throws Exception {
    return new PeerClients(ScriptedCliPeer.start());
  }

  ScriptedCliPeer peer() {
    return peer;
  }

  /** Starts a client connected to the peer, with short timeouts, after {@code customize}. */
  CopilotClient connect(UnaryOperator<CopilotClientOptions.Builder> customize) throws Exception {
    CopilotClientOptions options = customize.apply(CopilotClientOptions.builder()
        .serverAddress(peer.address())
        .requestTimeout(WAIT)
        .shutdownTimeout(Duration.ofSeconds(1))).build();
    CopilotClient client = new CopilotClient(options);
    clients.add(client);
    client.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return client;
  }

  /** A cloud session config with the default options. */
  static SessionConfig cloud() {
    return SessionConfig.builder().cloud(CloudOptions.defaults()).build();
  }

  @Override
  public void close() {
    clients.forEach(CopilotClient::forceStop);
    peer.close();
  }
}
