package dev.copilotj;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link CopilotClient} finds, starts and talks to the Copilot CLI, in groups that match the Spring Boot
 * properties: the {@link #cli() CLI process}, the {@link #server() server connection}, {@link #auth()
 * authentication}, {@link #timeouts()} and the {@link #earlyEvents() early-event buffer}, plus the callback
 * executor, the frame and prompt limits, the session idle time-out, the session defaults and the restart policy.
 * Immutable; build one with {@link #builder()}, whose setters validate their argument. {@link #toString()} masks
 * every token.
 */
public final class CopilotClientOptions {

  /** The environment variable the SDK passes the GitHub token in; the token never appears in arguments. */
  public static final String AUTH_TOKEN_ENV = "COPILOT_SDK_AUTH_TOKEN";
  /** The environment variable a TCP CLI server reads its connection token from. */
  public static final String CONNECTION_TOKEN_ENV = "COPILOT_CONNECTION_TOKEN";

  private final CliProcessOptions cli;
  private final ServerOptions server;
  private final AuthOptions auth;
  private final ClientTimeouts timeouts;
  private final EarlyEventBuffer earlyEvents;
  private final @Nullable Executor executor;
  private final int maxFrameBytes;
  private final int maxPromptChars;
  private final @Nullable Duration sessionIdleTimeout;
  private final SessionConfig sessionDefaults;
  private final RestartPolicy restartPolicy;

  private CopilotClientOptions(Builder b) {
    this.cli = b.cli;
    this.server = b.server;
    this.auth = b.auth;
    this.timeouts = b.timeouts;
    this.earlyEvents = b.earlyEvents;
    this.executor = b.executor;
    this.maxFrameBytes = b.maxFrameBytes;
    this.maxPromptChars = b.maxPromptChars;
    this.sessionIdleTimeout = b.sessionIdleTimeout;
    this.sessionDefaults = b.sessionDefaults;
    this.restartPolicy = b.restartPolicy;
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the defaults: find the CLI, spawn it over stdio, use the logged-in user */
  public static CopilotClientOptions defaults() {
    return builder().build();
  }

  /** @return a builder holding this object's values */
  public Builder toBuilder() {
    return new Builder().cli(cli).server(server).auth(auth).timeouts(timeouts).earlyEvents(earlyEvents)
        .executor(executor).maxFrameBytes(maxFrameBytes).maxPromptChars(maxPromptChars)
        .sessionIdleTimeout(sessionIdleTimeout).sessionDefaults(sessionDefaults).restartPolicy(restartPolicy);
  }

  /** @return how the CLI is spawned */
  public CliProcessOptions cli() {
    return cli;
  }

  /** @return whether (and where) the client connects to a running server instead, and the connection token */
  public ServerOptions server() {
    return server;
  }

  /** @return how a spawned CLI authenticates */
  public AuthOptions auth() {
    return auth;
  }

  /** @return the start-up, request and shutdown timeouts */
  public ClientTimeouts timeouts() {
    return timeouts;
  }

  /** @return the limits of the buffer for events of sessions that have no session object yet */
  public EarlyEventBuffer earlyEvents() {
    return earlyEvents;
  }

  /** @return the executor callbacks run on, or null for the SDK's shared default */
  public @Nullable Executor executor() {
    return executor;
  }

  /** @return the largest frame accepted from the CLI, in bytes */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** @return the longest prompt a session sends, in characters; 262,144 by default */
  public int maxPromptChars() {
    return maxPromptChars;
  }

  /** @return how long a session may go without a prompt before it is closed; null (the default) for ever */
  public @Nullable Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  /** @return the configuration {@link CopilotClient#createSession()} uses */
  public SessionConfig sessionDefaults() {
    return sessionDefaults;
  }

  /** @return what the client does when it loses the CLI unexpectedly; {@link RestartPolicy#none()} by default */
  public RestartPolicy restartPolicy() {
    return restartPolicy;
  }

  @Override
  public String toString() {
    return "CopilotClientOptions{" + cli + ", " + server + ", " + auth + ", " + timeouts + ", " + earlyEvents
        + ", executor=" + (executor == null ? "default" : executor.getClass().getSimpleName())
        + ", maxFrameBytes=" + maxFrameBytes + ", maxPromptChars=" + maxPromptChars
        + ", sessionIdleTimeout=" + sessionIdleTimeout + ", restartPolicy=" + restartPolicy
        + ", sessionDefaults=" + sessionDefaults + "}";
  }

  /** Builds {@link CopilotClientOptions}; every setter validates its argument. */
  public static final class Builder {
    /** The default of {@link #maxPromptChars(int)}. */
    public static final int DEFAULT_MAX_PROMPT_CHARS = 262_144;

    private CliProcessOptions cli = CliProcessOptions.DEFAULTS;
    private ServerOptions server = ServerOptions.DEFAULTS;
    private AuthOptions auth = AuthOptions.DEFAULTS;
    private ClientTimeouts timeouts = ClientTimeouts.DEFAULTS;
    private EarlyEventBuffer earlyEvents = EarlyEventBuffer.DEFAULTS;
    private @Nullable Executor executor;
    private int maxFrameBytes = 64 * 1024 * 1024;
    private int maxPromptChars = DEFAULT_MAX_PROMPT_CHARS;
    private @Nullable Duration sessionIdleTimeout;
    private SessionConfig sessionDefaults = SessionConfig.defaults();
    private RestartPolicy restartPolicy = RestartPolicy.none();

    private Builder() {
    }

    /**
     * Replaces all settings of the CLI process at once.
     *
     * @param cli the settings
     * @return this builder
     */
    public Builder cli(CliProcessOptions cli) {
      this.cli = Objects.requireNonNull(cli, "cli");
      return this;
    }

    /**
     * Replaces the server connection settings at once.
     *
     * @param server the settings
     * @return this builder
     */
    public Builder server(ServerOptions server) {
      this.server = Objects.requireNonNull(server, "server");
      return this;
    }

    /**
     * Replaces the authentication settings at once.
     *
     * @param auth the settings
     * @return this builder
     */
    public Builder auth(AuthOptions auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /**
     * Replaces all timeouts at once.
     *
     * @param timeouts the timeouts
     * @return this builder
     */
    public Builder timeouts(ClientTimeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * Replaces the early-event buffer's limits at once.
     *
     * @param earlyEvents the limits
     * @return this builder
     */
    public Builder earlyEvents(EarlyEventBuffer earlyEvents) {
      this.earlyEvents = Objects.requireNonNull(earlyEvents, "earlyEvents");
      return this;
    }

    /**
     * Sets the CLI binary to spawn (the native binary, not npm's loader script).
     *
     * @param cliPath the binary, or null to search {@code COPILOT_CLI_PATH} then {@code PATH}
     * @return this builder
     */
    public Builder cliPath(@Nullable Path cliPath) {
      this.cli = cli.withPath(cliPath);
      return this;
    }

    /**
     * Sets extra CLI arguments, appended after the ones the SDK needs.
     *
     * @param args the arguments; never put secrets here, they are visible to every local user
     * @return this builder
     */
    public Builder cliArgs(List<String> args) {
      this.cli = cli.withArgs(Objects.requireNonNull(args, "cliArgs"));
      return this;
    }

    /**
     * Sets one variable in the CLI's environment.
     *
     * @param name the variable
     * @param value its value
     * @return this builder
     */
    public Builder environment(String name, String value) {
      this.cli = cli.withEnvironment(Collections.singletonMap(name, value));
      return this;
    }

    /**
     * Sets variables in the CLI's environment.
     *
     * @param variables names to values, added to those already set
     * @return this builder
     */
    public Builder environment(Map<String, String> variables) {
      this.cli = cli.withEnvironment(variables);
      return this;
    }

    /**
     * Chooses whether the CLI inherits this JVM's environment.
     *
     * @param inherit false to give the CLI only {@link #environment(Map)} (as the offline test rig does)
     * @return this builder
     */
    public Builder inheritEnvironment(boolean inherit) {
      this.cli = cli.withInheritEnvironment(inherit);
      return this;
    }

    /**
     * Sets the CLI process's working directory.
     *
     * @param directory the directory, or null for this JVM's
     * @return this builder
     */
    public Builder workingDirectory(@Nullable Path directory) {
      this.cli = cli.withWorkingDirectory(directory);
      return this;
    }

    /**
     * Sets the CLI's log level.
     *
     * @param level the level; the CLI logs to files in its home, and its stderr goes to SLF4J
     * @return this builder
     */
    public Builder logLevel(CliLogLevel level) {
      this.cli = cli.withLogLevel(level);
      return this;
    }

    /**
     * Sets the GitHub token the CLI authenticates with. It is passed in the child's environment
     * ({@value #AUTH_TOKEN_ENV}), never as an argument, and never logged.
     *
     * @param token the token, or null to rely on the signed-in user
     * @return this builder
     */
    public Builder githubToken(@Nullable String token) {
      this.auth = auth.withGithubToken(token);
      return this;
    }

    /**
     * Chooses whether the CLI may use the signed-in user's stored credentials.
     *
     * @param use null (the default) means: only when no token is set
     * @return this builder
     */
    public Builder useLoggedInUser(@Nullable Boolean use) {
      this.auth = auth.withUseLoggedInUser(use);
      return this;
    }

    /**
     * Sets how the client talks to a CLI it spawns.
     *
     * @param mode stdio (default) or TCP on loopback
     * @return this builder
     */
    public Builder transport(TransportMode mode) {
      this.cli = cli.withTransport(mode);
      return this;
    }

    /**
     * Sets the port a spawned TCP CLI listens on.
     *
     * @param port 0 (the default) lets the CLI choose
     * @return this builder
     */
    public Builder port(int port) {
      this.cli = cli.withPort(port);
      return this;
    }

    /**
     * Connects to an already-running CLI server instead of spawning one.
     *
     * @param address {@code host:port}, {@code :port} or {@code port} (host defaults to 127.0.0.1), or null
     *     to spawn a CLI
     * @return this builder
     */
    public Builder serverAddress(@Nullable String address) {
      this.server = server.withAddress(address);
      return this;
    }

    /**
     * Sets the token sent in {@code connect} to a TCP server; for a spawned TCP CLI it is also set in
     * the child's environment. When unset, a spawned TCP CLI gets a random one.
     *
     * @param token the token, or null
     * @return this builder
     */
    public Builder connectionToken(@Nullable String token) {
      this.server = server.withConnectionToken(token);
      return this;
    }

    /**
     * Sets how long {@link CopilotClient#start()} may take.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder startupTimeout(Duration timeout) {
      this.timeouts = timeouts.withStartup(timeout);
      return this;
    }

    /**
     * Sets how long any one request waits for its response.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.timeouts = timeouts.withRequest(timeout);
      return this;
    }

    /**
     * Sets how long each step of a graceful stop may take (shutdown request, exit after stdin closes,
     * exit after SIGTERM) before the next, harsher step.
     * When the JVM exits, the SDK's exit hook also gives a client that has not begun to stop this long to do so
     * (an application's own shutdown hook, such as a Spring context closing, usually does), leaves a CLI being
     * stopped to that stop, and only then kills what is left.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.timeouts = timeouts.withShutdown(timeout);
      return this;
    }

    /**
     * Sets the executor every callback runs on (listeners, tool and permission handlers, dependent
     * future stages).
     *
     * @param executor the executor, or null for the SDK's shared default (virtual threads on Java 21+,
     *     otherwise a small daemon pool)
     * @return this builder
     */
    public Builder executor(@Nullable Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Sets the largest frame accepted from the CLI; a larger one closes the connection with an error.
     *
     * @param bytes at least 1024
     * @return this builder
     */
    public Builder maxFrameBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + bytes);
      }
      this.maxFrameBytes = bytes;
      return this;
    }

    /**
     * Sets the longest prompt a session sends. A longer one fails {@link CopilotSession#send} and
     * {@link CopilotSession#sendAndWait} at once, before anything reaches the CLI, and the session stays usable.
     * The reason is the CLI's: it stores a prompt in the session's history before it checks the model's token
     * budget, so a prompt over the budget fails its turn ("Request exceeds the model's prompt budget") and then
     * every later turn of that session ("Unable to discover current model capabilities and context tier").
     * The default, 262,144 characters, is about 65,000 tokens of English text or code: half of a
     * 128,000-token model budget, leaving room for the system prompt, the tool definitions and the history.
     *
     * @param chars at least 1; {@link Integer#MAX_VALUE} for no limit of the SDK's own
     * @return this builder
     */
    public Builder maxPromptChars(int chars) {
      if (chars < 1) {
        throw new IllegalArgumentException("maxPromptChars must be at least 1, was " + chars
            + "; use Integer.MAX_VALUE for no limit");
      }
      this.maxPromptChars = chars;
      return this;
    }

    /**
     * Closes a session that had no turn running and no event for this long: the CLI ends it
     * ({@code session.destroy}, its history stays stored and {@link CopilotClient#resumeSession} goes on with it),
     * its listeners get a terminal {@link dev.copilotj.event.SessionErrorEvent} of type
     * {@link CopilotSession#TERMINATED_ERROR_TYPE} that says so, and later prompts fail with a
     * {@link SessionClosedException}. A running turn never times out this way, however long it waits.
     *
     * @param timeout positive, or null (the default) to keep sessions open until they are closed
     * @return this builder
     */
    public Builder sessionIdleTimeout(@Nullable Duration timeout) {
      this.sessionIdleTimeout = timeout == null ? null : ClientTimeouts.requirePositive(timeout, "sessionIdleTimeout");
      return this;
    }

    /**
     * Sets how many events are held for a session id that has no session object yet (a cloud session
     * whose id the server has not confirmed, or events that arrive before a resume). At the limit the
     * oldest are dropped, and the drop is logged with its count.
     *
     * @param events at least 1; the default is 128
     * @return this builder
     */
    public Builder earlyEventBufferSize(int events) {
      this.earlyEvents = earlyEvents.withSize(events);
      return this;
    }

    /**
     * Sets how long events for an unknown session id are held before they are dropped (and logged).
     *
     * @param ttl positive; the default is 30 seconds
     * @return this builder
     */
    public Builder earlyEventTtl(Duration ttl) {
      this.earlyEvents = earlyEvents.withTtl(ttl);
      return this;
    }

    /**
     * Sets the session configuration {@link CopilotClient#createSession()} uses, and that
     * {@link CopilotClient#sessionDefaults()} hands out to start from.
     *
     * @param defaults the defaults
     * @return this builder
     */
    public Builder sessionDefaults(SessionConfig defaults) {
      this.sessionDefaults = Objects.requireNonNull(defaults, "sessionDefaults");
      return this;
    }

    /**
     * Sets what the client does when it loses the CLI unexpectedly (the process dies or is killed, or the
     * connection breaks): by default nothing, and the client stays {@link ClientState#FAILED} until
     * {@link CopilotClient#start()} is called again. With {@link RestartPolicy#attempts} it fails the dead
     * CLI's calls and sessions, then starts a new CLI with exponential back-off, a bounded number of times.
     * A {@link CopilotClient#stop()} is never followed by a restart. See {@link RestartPolicy}.
     *
     * @param policy {@link RestartPolicy#none()} (the default) or {@link RestartPolicy#attempts}
     * @return this builder
     */
    public Builder restartPolicy(RestartPolicy policy) {
      this.restartPolicy = Objects.requireNonNull(policy, "restartPolicy");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the immutable options
     * @throws IllegalArgumentException when settings contradict each other
     */
    public CopilotClientOptions build() {
      if (server.connectsToServer() && cli.path() != null) {
        throw new IllegalArgumentException("Both serverAddress and cliPath are set: a client either connects to a"
            + " running server or spawns a CLI. Remove one of them.");
      }
      if (server.connectsToServer() && auth.githubToken() != null) {
        throw new IllegalArgumentException("githubToken is set together with serverAddress, but a running server"
            + " has its own credentials. Remove githubToken, or spawn the CLI instead.");
      }
      return new CopilotClientOptions(this);
    }
  }
}
