package dev.copilotj.turn;

/** A turn began ({@link TurnStarted}) or ended ({@link TurnEnded}). */
public sealed interface TurnEvent permits TurnStarted, TurnEnded {

  /** @return the session whose turn it is */
  String sessionId();
}
