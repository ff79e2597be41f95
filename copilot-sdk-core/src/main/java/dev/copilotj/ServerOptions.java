package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * Whether a client connects to an already-running CLI server instead of spawning one, and the token it sends in
 * {@code connect}. {@link #toString()} masks the token.
 *
 * @param host the server's host, or null to spawn a CLI
 * @param port the server's port; meaningful when {@code host} is set
 * @param connectionToken the token sent in {@code connect} to a TCP server (for a spawned TCP CLI, also set in its
 *     environment; a spawned TCP CLI gets a random one when null), or null
 */
public record ServerOptions(@Nullable String host, int port, @Nullable String connectionToken) {

  /** Spawn a CLI; no connection token. */
  public static final ServerOptions DEFAULTS = new ServerOptions(null, 0, null);

  /** Treats a blank token as none and checks the port. */
  public ServerOptions {
    connectionToken = connectionToken == null || connectionToken.isBlank() ? null : connectionToken;
    if (host != null && (port <= 0 || port > 65535)) {
      throw new IllegalArgumentException("server port must be between 1 and 65535, was " + port);
    }
  }

  /**
   * Parses a server address.
   *
   * @param address {@code host:port}, {@code :port} or {@code port} (host defaults to 127.0.0.1), optionally with a
   *     scheme such as {@code tcp://}; null or blank to spawn a CLI
   * @return a copy that connects there
   * @throws IllegalArgumentException naming the address and the form to use when it has no valid port
   */
  public ServerOptions withAddress(@Nullable String address) {
    if (address == null || address.isBlank()) {
      return new ServerOptions(null, 0, connectionToken);
    }
    String value = address.trim().replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/+$", "");
    int colon = value.lastIndexOf(':');
    String hostPart = colon < 0 ? "" : value.substring(0, colon);
    String portText = colon < 0 ? value : value.substring(colon + 1);
    int parsed;
    try {
      parsed = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("serverAddress '" + address
          + "' has no valid port; use host:port, for example 127.0.0.1:4321");
    }
    if (parsed <= 0 || parsed > 65535) {
      throw new IllegalArgumentException("serverAddress '" + address + "' has port " + parsed
          + "; use a port between 1 and 65535");
    }
    return new ServerOptions(hostPart.isEmpty() ? "127.0.0.1" : hostPart.replaceAll("^\\[|]$", ""), parsed,
        connectionToken);
  }

  /** @return a copy with this connection token (null or blank: none) */
  public ServerOptions withConnectionToken(@Nullable String token) {
    return new ServerOptions(host, port, token);
  }

  /** @return whether the client connects to a running server instead of spawning a CLI */
  public boolean connectsToServer() {
    return host != null;
  }

  @Override
  public String toString() {
    return "ServerOptions[server=" + (host == null ? null : host + ":" + port) + ", connectionToken="
        + (connectionToken == null ? null : "******") + "]";
  }
}
