/**
 * Client tools the model can call, and the permission decisions the CLI asks the client for.
 */
@NullMarked
package dev.copilotj.tool;

import org.jspecify.annotations.NullMarked;
