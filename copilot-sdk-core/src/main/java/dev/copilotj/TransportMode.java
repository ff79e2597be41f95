package dev.copilotj;

/** How the client talks to a CLI it spawns. */
public enum TransportMode {
  /** JSON-RPC over the child's stdin and stdout: the default, and the fastest. */
  STDIO,
  /** The child listens on a loopback TCP port and the client connects to it. */
  TCP
}
