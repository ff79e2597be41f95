package dev.copilotj.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One event of a session, as the CLI reports it in a {@code session.event} notification.
 *
 * <p>Sealed: there is one record per event type this SDK knows, and {@link UnknownSessionEvent} for the
 * rest. The accessors here read the {@link EventInfo} every event carries.
 */
public sealed interface SessionEvent
    permits AssistantIdleEvent,
        AssistantMessageDeltaEvent,
        AssistantMessageEvent,
        AssistantMessageStartEvent,
        AssistantStreamingDeltaEvent,
        AssistantToolCallDeltaEvent,
        AssistantTurnEndEvent,
        AssistantTurnStartEvent,
        AssistantUsageEvent,
        ExternalToolCompletedEvent,
        ExternalToolRequestedEvent,
        PermissionCompletedEvent,
        PermissionRequestedEvent,
        SessionErrorEvent,
        SessionIdleEvent,
        SessionInfoEvent,
        SessionShutdownEvent,
        SessionStartEvent,
        SessionTitleChangedEvent,
        SessionToolsUpdatedEvent,
        SessionUsageInfoEvent,
        SystemMessageEvent,
        ToolExecutionCompleteEvent,
        ToolExecutionStartEvent,
        UnknownSessionEvent,
        UserMessageEvent {

  /**
   * Returns the envelope common to all events.
   *
   * @return the event's envelope
   */
  EventInfo info();

  /**
   * Returns the wire name of the event type, such as {@code "assistant.message"}.
   *
   * @return the event type
   */
  String type();

  /**
   * Returns the session the event belongs to.
   *
   * @return the session id
   */
  default String sessionId() {
    return info().sessionId();
  }

  /**
   * Returns the event's unique id.
   *
   * @return the event id; {@code ""} if the CLI sent none
   */
  default String id() {
    return info().id();
  }

  /**
   * Returns the id of the event before this one in the session's chain.
   *
   * @return the parent event id, or {@code null} for the first event
   */
  default @Nullable String parentId() {
    return info().parentId();
  }

  /**
   * Returns when the CLI created the event.
   *
   * @return the event time; {@link Instant#EPOCH} if the CLI sent no readable time
   */
  default Instant timestamp() {
    return info().timestamp();
  }

  /**
   * Returns whether the event is live-only: the CLI does not persist it, so it never shows up when the
   * session's history is read back.
   *
   * @return {@code true} if the event is ephemeral
   */
  default boolean ephemeral() {
    return info().ephemeral();
  }

  /**
   * Returns the event's whole {@code data} object as the CLI sent it, including the fields this event's type does
   * not model; made into text only when asked.
   *
   * @return the raw data; {@link RawEventData#EMPTY} for an event the SDK made itself
   */
  default RawEventData rawData() {
    return info().rawData();
  }
}
