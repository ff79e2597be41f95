package dev.copilotj;

/**
 * The CLI's version and protocol version.
 *
 * @param version the CLI's version, for example {@code 1.0.102}
 * @param protocolVersion the JSON-RPC protocol version it speaks
 */
public record ServerStatus(String version, int protocolVersion) {
}
