package dev.copilotj.event;

/**
 * How full the context window is, sent at the start of each model turn. Ephemeral. Counters the CLI
 * leaves out are {@code 0}.
 *
 * @param info the event's envelope
 * @param tokenLimit the model's context window in tokens
 * @param currentTokens the tokens the next request uses in all
 * @param messagesLength the number of messages in the conversation
 * @param systemTokens tokens of the system prompt
 * @param conversationTokens tokens of the conversation messages
 * @param toolDefinitionsTokens tokens of the tool definitions
 * @param initial whether this is the first report of the session's current context
 */
public record SessionUsageInfoEvent(
    EventInfo info,
    long tokenLimit,
    long currentTokens,
    long messagesLength,
    long systemTokens,
    long conversationTokens,
    long toolDefinitionsTokens,
    boolean initial)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.usage_info";

  @Override
  public String type() {
    return TYPE;
  }
}
