package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * The set of tools available to the model was (re)computed, once at the start of a session and when
 * MCP servers or the model change. It does not list the tools. Ephemeral.
 *
 * @param info the event's envelope
 * @param model the model the tools were computed for; {@code null} if absent
 */
public record SessionToolsUpdatedEvent(EventInfo info, @Nullable String model) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.tools_updated";

  @Override
  public String type() {
    return TYPE;
  }
}
