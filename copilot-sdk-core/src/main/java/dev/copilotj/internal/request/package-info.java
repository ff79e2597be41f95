/**
 * The router of the requests the CLI sends to the client: which handler answers, on which lane, within which time.
 *
 * <p>Internal: not API, and may change without notice.
 */
@NullMarked
package dev.copilotj.internal.request;

import org.jspecify.annotations.NullMarked;
