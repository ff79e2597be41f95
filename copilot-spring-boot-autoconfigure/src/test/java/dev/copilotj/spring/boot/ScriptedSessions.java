package dev.copilotj.spring.boot;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.test.ScriptedCliServer;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnEvent;

/**
 * A real {@link CopilotClient} connected to a {@link ScriptedCliServer} on 127.0.0.1, whose sessions get the events a
 * test scripts, in the CLI's wire shapes: they reach the client's reader thread, its turn tracker and its observers as
 * the CLI's would. The turns the client reports are recorded.
 */
public final class ScriptedSessions implements AutoCloseable {

  private final ScriptedCliServer server;
  private final CopilotClient client;
  private final List<TurnEvent> turns = new CopyOnWriteArrayList<>();
  private final AtomicInteger eventIds = new AtomicInteger();

  /**
   * Starts the server and connects a client to it.
   *
   * @throws IOException when no port can be bound
   */
  public ScriptedSessions() throws IOException {
    server = ScriptedCliServer.start();
    client = new CopilotClient(CopilotClientOptions.builder().serverAddress(server.address()).build());
    client.onTurn(turns::add);
    try {
      client.start().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("The scripted CLI did not accept the client", e);
    }
  }

  /** @return the connected client */
  public CopilotClient client() {
    return client;
  }

  /**
   * Opens a session.
   *
   * @param sessionId its id
   * @return the session
   * @throws Exception when the create fails or takes over 10 s
   */
  public CopilotSession open(String sessionId) throws Exception {
    return client.createSession(SessionConfig.builder().sessionId(sessionId).build()).get(10, TimeUnit.SECONDS);
  }

  /**
   * Sends one event of a session.
   *
   * @param sessionId the session
   * @param type the event type
   * @param data the event's data
   * @throws IOException when the client is gone
   */
  public void send(String sessionId, String type, Map<String, Object> data) throws IOException {
    server.sessionEvent(sessionId, type, "e" + eventIds.incrementAndGet(), data);
  }

  /** @return the turns the client reported so far, in order */
  public List<TurnEvent> turns() {
    return List.copyOf(turns);
  }

  /** @return the turns that ended so far, in order */
  public List<TurnEnded> ended() {
    return turns.stream().filter(TurnEnded.class::isInstance).map(TurnEnded.class::cast).toList();
  }

  /** Drops the client's connection, as a CLI that died would. */
  public void dropConnection() {
    server.dropConnections();
  }

  @Override
  public void close() {
    client.forceStop().orTimeout(10, TimeUnit.SECONDS).join();
    server.close();
  }
}
