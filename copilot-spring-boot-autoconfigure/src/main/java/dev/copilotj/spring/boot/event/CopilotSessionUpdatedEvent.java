package dev.copilotj.spring.boot.event;

import dev.copilotj.CopilotClient;
import dev.copilotj.SessionLifecycleEvent;

/**
 * A session changed on the CLI ({@code session.updated}), typically several times per turn. Streaming deltas of
 * the session are never published as application events; listen to the session itself for them.
 */
public class CopilotSessionUpdatedEvent extends CopilotSessionLifecycleEvent {

  /**
   * Creates the event.
   *
   * @param client the client that received the notification
   * @param event the {@link SessionLifecycleEvent#UPDATED} notification
   */
  public CopilotSessionUpdatedEvent(CopilotClient client, SessionLifecycleEvent event) {
    super(client, event);
  }
}
