/**
 * Auto-configuration of the Copilot client: properties, the client bean and its lifecycle.
 */
@NullMarked
package dev.copilotj.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
