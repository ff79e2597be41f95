package dev.copilotj;

/** How a session's system message combines with the CLI's own system prompt. */
public enum SystemMessageMode {
  /** Added after the CLI's prompt, which keeps its safety and tool guidance (the default). */
  APPEND,
  /** Replaces the CLI's prompt entirely. */
  REPLACE
}
