package dev.copilotj.spring.boot.event;

import dev.copilotj.CopilotClient;
import dev.copilotj.SessionLifecycleEvent;

/**
 * A session was created on the CLI ({@code session.created}). Published once per session, although the CLI sends
 * the notification twice. The session may have been created by this client or by another client of the same CLI.
 */
public class CopilotSessionCreatedEvent extends CopilotSessionLifecycleEvent {

  /**
   * Creates the event.
   *
   * @param client the client that received the notification
   * @param event the {@link SessionLifecycleEvent#CREATED} notification
   */
  public CopilotSessionCreatedEvent(CopilotClient client, SessionLifecycleEvent event) {
    super(client, event);
  }
}
