package dev.copilotj;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link CopilotClient} finds, starts and talks to the Copilot CLI. Immutable; build one with
 * {@link #builder()}. {@link #toString()} masks the GitHub token and the connection token.
 */
public final class CopilotClientOptions {

  /** The environment variable the SDK passes the GitHub token in; the token never appears in arguments. */
  public static final String AUTH_TOKEN_ENV = "COPILOT_SDK_AUTH_TOKEN";
  /** The environment variable a TCP CLI server reads its connection token from. */
  public static final String CONNECTION_TOKEN_ENV = "COPILOT_CONNECTION_TOKEN";

  private final @Nullable Path cliPath;
  private final List<String> cliArgs;
  private final Map<String, String> environment;
  private final boolean inheritEnvironment;
  private final @Nullable Path workingDirectory;
  private final CliLogLevel logLevel;
  private final @Nullable String githubToken;
  private final @Nullable Boolean useLoggedInUser;
  private final TransportMode transport;
  private final int port;
  private final @Nullable String serverHost;
  private final int serverPort;
  private final @Nullable String connectionToken;
  private final Duration startupTimeout;
  private final Duration requestTimeout;
  private final Duration shutdownTimeout;
  private final @Nullable Executor executor;
  private final int maxFrameBytes;
  private final int maxPromptChars;
  private final @Nullable Duration sessionIdleTimeout;
  private final int earlyEventBufferSize;
  private final Duration earlyEventTtl;
  private final SessionConfig sessionDefaults;
  private final RestartPolicy restartPolicy;

  private CopilotClientOptions(Builder b) {
    this.cliPath = b.cliPath;
    this.cliArgs = List.copyOf(b.cliArgs);
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
    this.inheritEnvironment = b.inheritEnvironment;
    this.workingDirectory = b.workingDirectory;
    this.logLevel = b.logLevel;
    this.githubToken = b.githubToken;
    this.useLoggedInUser = b.useLoggedInUser;
    this.transport = b.transport;
    this.port = b.port;
    this.serverHost = b.serverHost;
    this.serverPort = b.serverPort;
    this.connectionToken = b.connectionToken;
    this.startupTimeout = b.startupTimeout;
    this.requestTimeout = b.requestTimeout;
    this.shutdownTimeout = b.shutdownTimeout;
    this.executor = b.executor;
    this.maxFrameBytes = b.maxFrameBytes;
    this.maxPromptChars = b.maxPromptChars;
    this.sessionIdleTimeout = b.sessionIdleTimeout;
    this.earlyEventBufferSize = b.earlyEventBufferSize;
    this.earlyEventTtl = b.earlyEventTtl;
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
    Builder b = new Builder();
    b.cliPath = cliPath;
    b.cliArgs.addAll(cliArgs);
    b.environment.putAll(environment);
    b.inheritEnvironment = inheritEnvironment;
    b.workingDirectory = workingDirectory;
    b.logLevel = logLevel;
    b.githubToken = githubToken;
    b.useLoggedInUser = useLoggedInUser;
    b.transport = transport;
    b.port = port;
    b.serverHost = serverHost;
    b.serverPort = serverPort;
    b.connectionToken = connectionToken;
    b.startupTimeout = startupTimeout;
    b.requestTimeout = requestTimeout;
    b.shutdownTimeout = shutdownTimeout;
    b.executor = executor;
    b.maxFrameBytes = maxFrameBytes;
    b.maxPromptChars = maxPromptChars;
    b.sessionIdleTimeout = sessionIdleTimeout;
    b.earlyEventBufferSize = earlyEventBufferSize;
    b.earlyEventTtl = earlyEventTtl;
    b.sessionDefaults = sessionDefaults;
    b.restartPolicy = restartPolicy;
    return b;
  }

  /** @return the CLI binary to spawn, or null to search {@code COPILOT_CLI_PATH} and {@code PATH} */
  public @Nullable Path cliPath() {
    return cliPath;
  }

  /** @return extra arguments appended to the CLI's command line */
  public List<String> cliArgs() {
    return cliArgs;
  }

  /** @return variables set in the CLI's environment, over the inherited ones */
  public Map<String, String> environment() {
    return environment;
  }

  /** @return whether the CLI starts from this JVM's environment (true) or only {@link #environment()} */
  public boolean inheritEnvironment() {
    return inheritEnvironment;
  }

  /** @return the CLI process's working directory, or null for this JVM's */
  public @Nullable Path workingDirectory() {
    return workingDirectory;
  }

  /** @return the CLI's log level */
  public CliLogLevel logLevel() {
    return logLevel;
  }

  /** @return the GitHub token passed to the CLI through its environment, or null */
  public @Nullable String githubToken() {
    return githubToken;
  }

  /** @return whether the CLI may use the signed-in user's credentials; null means "only if no token is set" */
  public @Nullable Boolean useLoggedInUser() {
    return useLoggedInUser;
  }

  /** @return how the client talks to a CLI it spawns */
  public TransportMode transport() {
    return transport;
  }

  /** @return the TCP port a spawned CLI listens on; 0 lets it choose */
  public int port() {
    return port;
  }

  /** @return the host of an already-running CLI server to connect to, or null to spawn one */
  public @Nullable String serverHost() {
    return serverHost;
  }

  /** @return the port of an already-running CLI server; meaningful when {@link #serverHost()} is set */
  public int serverPort() {
    return serverPort;
  }

  /** @return the token sent in {@code connect} to a TCP server, or null */
  public @Nullable String connectionToken() {
    return connectionToken;
  }

  /** @return how long {@link CopilotClient#start()} may take, spawn and handshake included */
  public Duration startupTimeout() {
    return startupTimeout;
  }

  /** @return how long any one request waits for its response */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** @return how long each step of {@link CopilotClient#stop()} may take */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
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

  /** @return how many events are held for a session id that has no session object yet */
  public int earlyEventBufferSize() {
    return earlyEventBufferSize;
  }

  /** @return how long events for an unknown session id are held before they are dropped */
  public Duration earlyEventTtl() {
    return earlyEventTtl;
  }

  /** @return the configuration {@link CopilotClient#createSession()} uses */
  public SessionConfig sessionDefaults() {
    return sessionDefaults;
  }

  /** @return what the client does when it loses the CLI unexpectedly; {@link RestartPolicy#none()} by default */
  public RestartPolicy restartPolicy() {
    return restartPolicy;
  }

  /** @return whether the client connects to a running server instead of spawning a CLI */
  public boolean connectsToServer() {
    return serverHost != null;
  }

  @Override
  public String toString() {
    return "CopilotClientOptions{cliPath=" + cliPath + ", cliArgs=" + cliArgs + ", environment=" + environment.keySet()
        + ", inheritEnvironment=" + inheritEnvironment + ", workingDirectory=" + workingDirectory
        + ", logLevel=" + logLevel + ", githubToken=" + mask(githubToken) + ", useLoggedInUser=" + useLoggedInUser
        + ", transport=" + transport + ", port=" + port
        + ", server=" + (serverHost == null ? null : serverHost + ":" + serverPort)
        + ", connectionToken=" + mask(connectionToken) + ", startupTimeout=" + startupTimeout
        + ", requestTimeout=" + requestTimeout + ", shutdownTimeout=" + shutdownTimeout
        + ", executor=" + (executor == null ? "default" : executor.getClass().getSimpleName())
        + ", maxFrameBytes=" + maxFrameBytes + ", maxPromptChars=" + maxPromptChars
        + ", sessionIdleTimeout=" + sessionIdleTimeout
        + ", earlyEventBufferSize=" + earlyEventBufferSize
        + ", earlyEventTtl=" + earlyEventTtl + ", restartPolicy=" + restartPolicy
        + ", sessionDefaults=" + sessionDefaults + "}";
  }

  private static @Nullable String mask(@Nullable String secret) {
    return secret == null ? null : "******";
  }

  /** Builds {@link CopilotClientOptions}; every setter validates its argument. */
  public static final class Builder {
    private @Nullable Path cliPath;
    private final List<String> cliArgs = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean inheritEnvironment = true;
    private @Nullable Path workingDirectory;
    private CliLogLevel logLevel = CliLogLevel.ERROR;
    private @Nullable String githubToken;
    private @Nullable Boolean useLoggedInUser;
    private TransportMode transport = TransportMode.STDIO;
    private int port;
    private @Nullable String serverHost;
    private int serverPort;
    private @Nullable String connectionToken;
    /** The default of {@link #maxPromptChars(int)}. */
    public static final int DEFAULT_MAX_PROMPT_CHARS = 262_144;

    private Duration startupTimeout = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private @Nullable Executor executor;
    private int maxFrameBytes = 64 * 1024 * 1024;
    private int maxPromptChars = DEFAULT_MAX_PROMPT_CHARS;
    private @Nullable Duration sessionIdleTimeout;
    private int earlyEventBufferSize = 128;
    private Duration earlyEventTtl = Duration.ofSeconds(30);
    private SessionConfig sessionDefaults = SessionConfig.defaults();
    private RestartPolicy restartPolicy = RestartPolicy.none();

    private Builder() {
    }

    /**
     * Sets the CLI binary to spawn (the native binary, not npm's loader script).
     *
     * @param cliPath the binary, or null to search {@code COPILOT_CLI_PATH} then {@code PATH}
     * @return this builder
     */
    public Builder cliPath(@Nullable Path cliPath) {
      this.cliPath = cliPath;
      return this;
    }

    /**
     * Sets extra CLI arguments, appended after the ones the SDK needs.
     *
     * @param args the arguments; never put secrets here, they are visible to every local user
     * @return this builder
     */
    public Builder cliArgs(List<String> args) {
      this.cliArgs.clear();
      args.forEach(arg -> this.cliArgs.add(Objects.requireNonNull(arg, "cliArgs must not contain null")));
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
      this.environment.put(requireText(name, "environment variable name"), Objects.requireNonNull(value, name));
      return this;
    }

    /**
     * Sets variables in the CLI's environment.
     *
     * @param variables names to values, added to those already set
     * @return this builder
     */
    public Builder environment(Map<String, String> variables) {
      variables.forEach(this::environment);
      return this;
    }

    /**
     * Chooses whether the CLI inherits this JVM's environment.
     *
     * @param inherit false to give the CLI only {@link #environment(Map)} (as the offline test rig does)
     * @return this builder
     */
    public Builder inheritEnvironment(boolean inherit) {
      this.inheritEnvironment = inherit;
      return this;
    }

    /**
     * Sets the CLI process's working directory.
     *
     * @param directory the directory, or null for this JVM's
     * @return this builder
     */
    public Builder workingDirectory(@Nullable Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    /**
     * Sets the CLI's log level.
     *
     * @param level the level; the CLI logs to files in its home, and its stderr goes to SLF4J
     * @return this builder
     */
    public Builder logLevel(CliLogLevel level) {
      this.logLevel = Objects.requireNonNull(level, "logLevel");
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
      this.githubToken = token == null || token.isBlank() ? null : token;
      return this;
    }

    /**
     * Chooses whether the CLI may use the signed-in user's stored credentials.
     *
     * @param use null (the default) means: only when no token is set
     * @return this builder
     */
    public Builder useLoggedInUser(@Nullable Boolean use) {
      this.useLoggedInUser = use;
      return this;
    }

    /**
     * Sets how the client talks to a CLI it spawns.
     *
     * @param mode stdio (default) or TCP on loopback
     * @return this builder
     */
    public Builder transport(TransportMode mode) {
      this.transport = Objects.requireNonNull(mode, "transport");
      return this;
    }

    /**
     * Sets the port a spawned TCP CLI listens on.
     *
     * @param port 0 (the default) lets the CLI choose
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      this.port = port;
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
      if (address == null || address.isBlank()) {
        this.serverHost = null;
        this.serverPort = 0;
        return this;
      }
      String value = address.trim().replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/+$", "");
      int colon = value.lastIndexOf(':');
      String host = colon < 0 ? "" : value.substring(0, colon);
      String portText = colon < 0 ? value : value.substring(colon + 1);
      int parsed;
      try {
        parsed = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("serverAddress '" + address
            + "' has no valid port; use host:port, for example 127.0.0.1:4321");
      }
      if (parsed <= 0 || parsed > 65535) {
        throw new IllegalArgumentException("serverAddress '" + address + "' has port " + parsed
            + "; use a port between 1 and 65535");
      }
      this.serverHost = host.isEmpty() ? "127.0.0.1" : host.replaceAll("^\\[|]$", "");
      this.serverPort = parsed;
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
      this.connectionToken = token == null || token.isBlank() ? null : token;
      return this;
    }

    /**
     * Sets how long {@link CopilotClient#start()} may take.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = requirePositive(timeout, "startupTimeout");
      return this;
    }

    /**
     * Sets how long any one request waits for its response.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = requirePositive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Sets how long each step of a graceful stop may take (shutdown request, exit after stdin closes,
     * exit after SIGTERM) before the next, harsher step. When the JVM exits, the SDK's exit hook also gives a
     * client that has not begun to stop this long to do so (an application's own shutdown hook, such as a Spring
     * context closing, usually does), leaves a CLI being stopped to that stop, and only then kills what is left.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = requirePositive(timeout, "shutdownTimeout");
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
      this.sessionIdleTimeout = timeout == null ? null : requirePositive(timeout, "sessionIdleTimeout");
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
      if (events < 1) {
        throw new IllegalArgumentException("earlyEventBufferSize must be at least 1, was " + events);
      }
      this.earlyEventBufferSize = events;
      return this;
    }

    /**
     * Sets how long events for an unknown session id are held before they are dropped (and logged).
     *
     * @param ttl positive; the default is 30 seconds
     * @return this builder
     */
    public Builder earlyEventTtl(Duration ttl) {
      this.earlyEventTtl = requirePositive(ttl, "earlyEventTtl");
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
      if (serverHost != null && cliPath != null) {
        throw new IllegalArgumentException("Both serverAddress and cliPath are set: a client either connects to a"
            + " running server or spawns a CLI. Remove one of them.");
      }
      if (serverHost != null && githubToken != null) {
        throw new IllegalArgumentException("githubToken is set together with serverAddress, but a running server"
            + " has its own credentials. Remove githubToken, or spawn the CLI instead.");
      }
      return new CopilotClientOptions(this);
    }

    private static Duration requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
