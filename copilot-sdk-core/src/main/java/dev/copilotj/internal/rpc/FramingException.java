package dev.copilotj.internal.rpc;

import java.io.IOException;

/** The bytes from the peer are not a valid {@code Content-Length} frame; the connection cannot recover. */
public final class FramingException extends IOException {

  /**
   * Creates the exception.
   *
   * @param message what was wrong with the frame
   */
  public FramingException(String message) {
    super(message);
  }
}
