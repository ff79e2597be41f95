/**
 * JSON-RPC 2.0 over {@code Content-Length} framing: the decoder, the connection and its transports.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.rpc;

import org.jspecify.annotations.NullMarked;
