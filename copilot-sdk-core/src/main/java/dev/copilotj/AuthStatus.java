package dev.copilotj;

import org.jspecify.annotations.Nullable;

/**
 * Whether and how the CLI is signed in to GitHub.
 *
 * @param authenticated whether the CLI has a usable identity
 * @param authType how it got it, for example {@code token} or {@code user}
 * @param host the GitHub host, for example {@code https://github.com}
 * @param login the user's login, when the CLI reports it
 * @param statusMessage a human-readable summary
 */
public record AuthStatus(boolean authenticated, @Nullable String authType, @Nullable String host,
    @Nullable String login, @Nullable String statusMessage) {
}
