package dev.copilotj;

import java.util.List;

/**
 * What a client's session registry holds at one instant, read-only: for diagnostics, metrics and health checks.
 * The figures are read together under the registry's lock, so they agree with each other.
 *
 * @param openSessions sessions open in the client (what {@link CopilotClient#openSessionCount()} says)
 * @param pendingCreates the provisional ids ({@link CopilotSession#clientSessionId()}) of the cloud creates in
 *     flight, which have no session object yet or are still waiting for their response
 * @param earlyBufferedSessions session ids with events held for a session not opened yet
 * @param earlyBufferedEvents the events held for them, all ids together
 * @param droppedEvents early events dropped since the client was made (buffer overflow, too many unknown ids, no
 *     session within the time to live, or the create failed); it never goes down, across restarts too
 */
public record SessionRegistryStats(int openSessions, List<String> pendingCreates, int earlyBufferedSessions,
    int earlyBufferedEvents, long droppedEvents) {

  /**
   * Creates the record; the list is copied.
   *
   * @param openSessions open sessions
   * @param pendingCreates provisional ids of cloud creates in flight
   * @param earlyBufferedSessions ids with early events held
   * @param earlyBufferedEvents early events held
   * @param droppedEvents early events dropped since the client was made
   */
  public SessionRegistryStats {
    pendingCreates = List.copyOf(pendingCreates);
  }
}
