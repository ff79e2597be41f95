/**
 * A Java client for the GitHub Copilot CLI's JSON-RPC server: {@link dev.copilotj.CopilotClient} and what
 * it returns.
 */
@NullMarked
package dev.copilotj;

import org.jspecify.annotations.NullMarked;
