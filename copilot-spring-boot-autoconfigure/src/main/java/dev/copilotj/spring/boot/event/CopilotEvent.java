package dev.copilotj.spring.boot.event;

import dev.copilotj.CopilotClient;
import org.springframework.context.ApplicationEvent;

/**
 * Base class of the Spring application events about a {@link CopilotClient}; the event's source is the client.
 *
 * <p>Listen to this type to hear every Copilot event, or to one of the subclasses. The events are published on the
 * client's callback executor, never on its JSON-RPC reader thread; with Spring's default (synchronous) event
 * multicaster a listener runs on that thread and holds up the events queued behind it, so long work belongs in
 * an {@code @Async} listener. See {@link CopilotApplicationEventBridge} for the ordering guarantees.
 */
public abstract class CopilotEvent extends ApplicationEvent {

  /**
   * Creates the event.
   *
   * @param client the client the event is about
   */
  protected CopilotEvent(CopilotClient client) {
    super(client);
  }

  /**
   * Returns the client the event is about (the event's source).
   *
   * @return the client
   */
  public CopilotClient getClient() {
    return (CopilotClient) getSource();
  }
}
