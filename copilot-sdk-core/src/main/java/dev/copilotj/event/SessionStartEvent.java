package dev.copilotj.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The first event of a session, sent when the first prompt arrives; its {@link #parentId()} is
 * {@code null}. Persisted.
 *
 * @param info the event's envelope
 * @param copilotVersion the CLI version, such as {@code "1.0.102"}; {@code null} if absent
 * @param producer what produced the session, {@code "copilot-agent"} in practice; {@code null} if absent
 * @param version the version of the session's event format; {@code 0} if absent
 * @param selectedModel the model the session uses; {@code null} if absent
 * @param startTime when the session was created; {@code null} if absent or unreadable
 * @param cwd the session's working directory; {@code null} if absent
 * @param gitRoot the root of the git repository around {@code cwd}; {@code null} if none
 * @param branch the checked-out git branch; {@code null} if none
 * @param alreadyInUse whether another process already had the session open; {@code false} if absent
 */
public record SessionStartEvent(
    EventInfo info,
    @Nullable String copilotVersion,
    @Nullable String producer,
    int version,
    @Nullable String selectedModel,
    @Nullable Instant startTime,
    @Nullable String cwd,
    @Nullable String gitRoot,
    @Nullable String branch,
    boolean alreadyInUse)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.start";

  @Override
  public String type() {
    return TYPE;
  }
}
