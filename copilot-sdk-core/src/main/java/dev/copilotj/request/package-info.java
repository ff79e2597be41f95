/**
 * Requests the CLI sends to the client ({@code clientSession.*} and {@code clientGlobal.*} methods of its schema):
 * the request, the handler that answers it, and the deliberate error answer.
 */
@NullMarked
package dev.copilotj.request;

import org.jspecify.annotations.NullMarked;
