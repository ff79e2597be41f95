/**
 * Threads, lanes and futures the SDK runs callbacks on.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.concurrent;

import org.jspecify.annotations.NullMarked;
