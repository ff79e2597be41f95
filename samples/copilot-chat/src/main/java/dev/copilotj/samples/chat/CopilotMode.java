package dev.copilotj.samples.chat;

import org.jspecify.annotations.Nullable;

/**
 * Whether the application talks to real Copilot or to the built-in fake model.
 *
 * @param offline true when a fake model on 127.0.0.1 answers
 * @param description one line for the log and the page, saying where answers come from
 * @param fakeModelUrl the fake model's URL when offline, else null
 */
public record CopilotMode(boolean offline, String description, @Nullable String fakeModelUrl) {

  /** The banner the page shows in offline mode. */
  public static final String OFFLINE_BANNER = "Offline mode: answers come from a built-in fake model";
}
