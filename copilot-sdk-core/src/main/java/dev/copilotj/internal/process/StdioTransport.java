package dev.copilotj.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import dev.copilotj.CopilotException;
import dev.copilotj.internal.rpc.Transport;
import org.jspecify.annotations.Nullable;

/** JSON-RPC over a spawned CLI's stdin and stdout. Closing it closes stdin, which tells the CLI to exit. */
public final class StdioTransport implements Transport {

  /** How long to wait for an exit code when the stream ends, so the error can say how the CLI died. */
  private static final Duration EXIT_CODE_WAIT = Duration.ofMillis(500);

  private final CliProcess process;

  /**
   * Creates the transport.
   *
   * @param process the spawned CLI
   */
  public StdioTransport(CliProcess process) {
    this.process = process;
  }

  @Override
  public InputStream input() {
    return process.stdout();
  }

  @Override
  public OutputStream output() {
    return process.stdin();
  }

  @Override
  public CopilotException describeEnd(@Nullable IOException error) {
    return process.describeEnd(error, EXIT_CODE_WAIT);
  }

  @Override
  public void close() {
    closeQuietly(process.stdin());
    closeQuietly(process.stdout());
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // closing a pipe to a process that may already be gone
    }
  }
}
