package dev.copilotj.turn;

/**
 * Hears the turns of sessions. A session has one turn at a time: a {@link TurnEnded} ends the turn its last
 * {@link TurnStarted} began. What begins and ends a turn is described in the README ("How turns are counted").
 *
 * <p>Threads: called on the SDK's JSON-RPC reader thread as the events arrive, in each session's order, before the
 * session's listeners; a turn cut short because its session was terminated ends on the client's callback executor.
 * A listener therefore holds up every session while it runs: it must return within microseconds, never block, and
 * be thread-safe. One that throws is logged and the others still hear the turn. A listener added while a turn runs
 * may hear that turn's end without its start.
 */
@FunctionalInterface
public interface TurnListener {

  /**
   * Called when a turn starts or ends.
   *
   * @param event a {@link TurnStarted} or a {@link TurnEnded}
   */
  void onTurn(TurnEvent event);
}
