package dev.copilotj.spring.boot.event;

import dev.copilotj.CopilotClient;
import dev.copilotj.SessionLifecycleEvent;

/**
 * The client's end of a failed cloud create ({@link SessionLifecycleEvent#CREATE_FAILED}): published after each
 * {@link CopilotSessionCreatedEvent} of a cloud create whose future failed, so the caller never got the session.
 */
public class CopilotSessionCreateFailedEvent extends CopilotSessionLifecycleEvent {

  /**
   * Creates the event.
   *
   * @param client the client whose create failed
   * @param event the {@link SessionLifecycleEvent#CREATE_FAILED} event
   */
  public CopilotSessionCreateFailedEvent(CopilotClient client, SessionLifecycleEvent event) {
    super(client, event);
  }
}
