package dev.copilotj.internal.rpc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Function;

import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotException;
import org.jspecify.annotations.Nullable;

/** JSON-RPC over a TCP socket to a CLI server, with Nagle off so small frames are not held back. */
public final class SocketTransport implements Transport {

  private final Socket socket;
  private final InputStream input;
  private final OutputStream output;
  private final Function<@Nullable IOException, CopilotException> endDescriber;

  private SocketTransport(Socket socket, Function<@Nullable IOException, CopilotException> endDescriber)
      throws IOException {
    this.socket = socket;
    this.input = socket.getInputStream();
    this.output = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    this.endDescriber = endDescriber;
  }

  /**
   * Connects to a CLI server.
   *
   * @param host the host
   * @param port the port
   * @param timeout the connect timeout
   * @param endDescriber explains an end of stream (a spawned server can tell its exit code); null for the default
   * @return the connected transport
   * @throws CopilotException when the connection cannot be made
   */
  public static SocketTransport connect(String host, int port, Duration timeout,
      @Nullable Function<@Nullable IOException, CopilotException> endDescriber) {
    String address = host + ":" + port;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      return new SocketTransport(socket, endDescriber != null ? endDescriber : error -> new ConnectionClosedException(
          "The Copilot CLI server at " + address + (error == null ? " closed the connection" : " connection failed: "
              + error.getMessage()), null, "", error));
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new CopilotException("Cannot connect to the Copilot CLI server at " + address + ": " + e.getMessage()
          + ". Check that the server is running ('copilot --headless --port " + port + "') and the address is right.",
          e);
    }
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public CopilotException describeEnd(@Nullable IOException error) {
    return endDescriber.apply(error);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
