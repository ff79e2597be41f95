/**
 * What a {@code CopilotClient} is built from: the CLI's command line and launch, the handshake, one connection's
 * resources, the listener registries, the restart policy's bookkeeping and the decoding of server results.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.client;

import org.jspecify.annotations.NullMarked;
