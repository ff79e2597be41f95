package dev.copilotj.turn;

/** How a turn ended. */
public enum TurnOutcome {
  /** The session went idle with no {@code session.error} during the turn. */
  SUCCESS,
  /** The session went idle after a {@code session.error} during the turn. */
  ERROR,
  /** The session was closed, deleted, or its client stopped or lost the CLI while the turn ran. */
  TERMINATED
}
