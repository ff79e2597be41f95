package dev.copilotj.spring.boot.event;

import java.time.Instant;

import dev.copilotj.CopilotClient;
import dev.copilotj.SessionLifecycleEvent;
import org.jspecify.annotations.Nullable;

/**
 * Base class of the events published for the CLI's {@code session.lifecycle} notifications
 * ({@link SessionLifecycleEvent}): {@link CopilotSessionCreatedEvent}, {@link CopilotSessionUpdatedEvent} and
 * {@link CopilotSessionDeletedEvent}. They are published in the order the CLI sent them, across all sessions of
 * the client.
 */
public abstract class CopilotSessionLifecycleEvent extends CopilotSessionEvent {

  private final @Nullable Instant startTime;
  private final @Nullable Instant modifiedTime;

  /**
   * Creates the event from the core's notification.
   *
   * @param client the client that received the notification
   * @param event the notification
   */
  protected CopilotSessionLifecycleEvent(CopilotClient client, SessionLifecycleEvent event) {
    super(client, event.sessionId(), event.clientSessionId());
    this.startTime = event.startTime();
    this.modifiedTime = event.modifiedTime();
  }

  /**
   * Returns when the session started.
   *
   * @return the start time; null when the notification did not say
   */
  public @Nullable Instant startTime() {
    return this.startTime;
  }

  /**
   * Returns when the session last changed.
   *
   * @return the modification time; null when the notification did not say
   */
  public @Nullable Instant modifiedTime() {
    return this.modifiedTime;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[sessionId=" + sessionId()
        + (clientSessionId() != null ? ", clientSessionId=" + clientSessionId() : "")
        + (this.startTime != null ? ", startTime=" + this.startTime : "")
        + (this.modifiedTime != null ? ", modifiedTime=" + this.modifiedTime : "") + "]";
  }
}
