package dev.copilotj.internal.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import dev.copilotj.CopilotException;
import org.jspecify.annotations.Nullable;

/** A byte pipe to the CLI: a child process's stdio or a TCP socket. */
public interface Transport {

  /** @return the stream the reader thread reads frames from */
  InputStream input();

  /** @return the stream the writer thread writes frames to */
  OutputStream output();

  /**
   * Says why the stream ended, in words a user can act on.
   *
   * @param error the read or write failure, or null on a clean end of stream
   * @return the exception every pending request fails with
   */
  CopilotException describeEnd(@Nullable IOException error);

  /** Closes both directions; idempotent, never throws. For a child process this closes its stdin. */
  void close();
}
