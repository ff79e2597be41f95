/**
 * Offline test rig for code that drives the GitHub Copilot CLI: a fake Copilot model API on 127.0.0.1,
 * an installer for the pinned CLI binary, the environment that keeps the CLI offline, and a JUnit 5
 * extension that ties them together.
 */
@NullMarked
package dev.copilotj.test;

import org.jspecify.annotations.NullMarked;
