package dev.copilotj;

/** A registered listener; {@link #close()} removes it. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Removes the listener; it receives nothing that is dispatched afterwards. */
  @Override
  void close();
}
