/**
 * JSON mapping for the wire protocol.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.json;

import org.jspecify.annotations.NullMarked;
