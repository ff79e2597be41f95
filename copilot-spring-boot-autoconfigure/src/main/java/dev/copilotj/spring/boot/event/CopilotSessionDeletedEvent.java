package dev.copilotj.spring.boot.event;

import dev.copilotj.CopilotClient;
import dev.copilotj.SessionLifecycleEvent;

/**
 * A session was deleted on the CLI ({@code session.deleted}), for example by
 * {@link CopilotClient#deleteSession(String)}. Published once per session, although the CLI sends the notification
 * twice. Closing a session does not delete it.
 */
public class CopilotSessionDeletedEvent extends CopilotSessionLifecycleEvent {

  /**
   * Creates the event.
   *
   * @param client the client that received the notification
   * @param event the {@link SessionLifecycleEvent#DELETED} notification
   */
  public CopilotSessionDeletedEvent(CopilotClient client, SessionLifecycleEvent event) {
    super(client, event);
  }
}
