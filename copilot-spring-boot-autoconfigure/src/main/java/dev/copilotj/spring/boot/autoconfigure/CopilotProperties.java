package dev.copilotj.spring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.copilotj.CliLogLevel;
import dev.copilotj.SystemMessageMode;
import dev.copilotj.TransportMode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the Copilot client, under the prefix {@code copilot}.
 */
@ConfigurationProperties(CopilotProperties.PREFIX)
public class CopilotProperties {

  /** The prefix of every property of this class. */
  public static final String PREFIX = "copilot";

  /**
   * Whether to auto-configure the Copilot client and everything that attaches to a client (events, health,
   * metrics, observations).
   */
  private boolean enabled = true;

  private final Cli cli = new Cli();

  private final Server server = new Server();

  private final Auth auth = new Auth();

  private final Client client = new Client();

  private final Session session = new Session();

  private final Cloud cloud = new Cloud();

  private final Events events = new Events();

  private final Lifecycle lifecycle = new Lifecycle();

  private final Health health = new Health();

  private final Observations observations = new Observations();

  public boolean isEnabled() {
    return this.enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Cli getCli() {
    return this.cli;
  }

  public Server getServer() {
    return this.server;
  }

  public Auth getAuth() {
    return this.auth;
  }

  public Client getClient() {
    return this.client;
  }

  public Session getSession() {
    return this.session;
  }

  public Cloud getCloud() {
    return this.cloud;
  }

  public Events getEvents() {
    return this.events;
  }

  public Lifecycle getLifecycle() {
    return this.lifecycle;
  }

  public Health getHealth() {
    return this.health;
  }

  public Observations getObservations() {
    return this.observations;
  }

  /** How the Copilot CLI process is found and started. */
  public static class Cli {

    /**
     * Path of the native Copilot CLI binary. When unset, COPILOT_CLI_PATH and then 'copilot' on the PATH are used.
     */
    private @Nullable Path path;

    /**
     * Extra arguments appended to the CLI's command line. Never put secrets here.
     */
    private List<String> args = new ArrayList<>();

    /**
     * Extra environment variables of the CLI process.
     */
    private Map<String, String> env = new LinkedHashMap<>();

    /**
     * Whether the CLI process inherits this application's environment.
     */
    private boolean inheritEnvironment = true;

    /**
     * Working directory of the CLI process. Defaults to the application's.
     */
    private @Nullable Path workingDirectory;

    /**
     * Log level of the CLI, which logs to files under its home directory.
     */
    private CliLogLevel logLevel = CliLogLevel.ERROR;

    /**
     * How the client talks to the CLI it spawns.
     */
    private TransportMode transport = TransportMode.STDIO;

    /**
     * Loopback port the CLI listens on with the TCP transport; 0 lets it choose.
     */
    private int port;

    public @Nullable Path getPath() {
      return this.path;
    }

    public void setPath(@Nullable Path path) {
      this.path = path;
    }

    public List<String> getArgs() {
      return this.args;
    }

    public void setArgs(List<String> args) {
      this.args = args;
    }

    public Map<String, String> getEnv() {
      return this.env;
    }

    public void setEnv(Map<String, String> env) {
      this.env = env;
    }

    public boolean isInheritEnvironment() {
      return this.inheritEnvironment;
    }

    public void setInheritEnvironment(boolean inheritEnvironment) {
      this.inheritEnvironment = inheritEnvironment;
    }

    public @Nullable Path getWorkingDirectory() {
      return this.workingDirectory;
    }

    public void setWorkingDirectory(@Nullable Path workingDirectory) {
      this.workingDirectory = workingDirectory;
    }

    public CliLogLevel getLogLevel() {
      return this.logLevel;
    }

    public void setLogLevel(CliLogLevel logLevel) {
      this.logLevel = logLevel;
    }

    public TransportMode getTransport() {
      return this.transport;
    }

    public void setTransport(TransportMode transport) {
      this.transport = transport;
    }

    public int getPort() {
      return this.port;
    }

    public void setPort(int port) {
      this.port = port;
    }
  }

  /** An already-running CLI server to connect to instead of spawning one. */
  public static class Server {

    /**
     * Address of a running CLI server, as host:port (host defaults to 127.0.0.1). When set, no CLI is spawned.
     */
    private @Nullable String address;

    /**
     * Token sent in the connect handshake to the server.
     */
    private @Nullable String connectionToken;

    public @Nullable String getAddress() {
      return this.address;
    }

    public void setAddress(@Nullable String address) {
      this.address = address;
    }

    /**
     * Address of a running CLI server. Deprecated: use copilot.server.address.
     *
     * @return the address
     * @deprecated use {@code copilot.server.address}, the name of the core's {@code serverAddress}
     */
    @Deprecated(since = "0.1.0")
    @DeprecatedConfigurationProperty(replacement = "copilot.server.address", since = "0.1.0",
        reason = "Address of a running CLI server; renamed to match the core's serverAddress.")
    public @Nullable String getUrl() {
      return this.address;
    }

    /** @deprecated use {@code copilot.server.address}; ignored when that is set */
    @Deprecated(since = "0.1.0")
    public void setUrl(@Nullable String url) {
      if (!StringUtils.hasText(this.address)) {
        this.address = url;
      }
    }

    public @Nullable String getConnectionToken() {
      return this.connectionToken;
    }

    public void setConnectionToken(@Nullable String connectionToken) {
      this.connectionToken = connectionToken;
    }
  }

  /** GitHub authentication of the CLI. */
  public static class Auth {

    /**
     * GitHub token with Copilot access, passed to the CLI in its environment and never logged. Prefer setting it
     * through the COPILOT_AUTH_GITHUBTOKEN environment variable. When unset, the CLI uses the signed-in user or the
     * COPILOT_GITHUB_TOKEN, GH_TOKEN or GITHUB_TOKEN variable it inherits.
     */
    private @Nullable String githubToken;

    /**
     * Whether the CLI may use the signed-in user's stored credentials. Defaults to only when no token is set.
     */
    private @Nullable Boolean useLoggedInUser;

    /**
     * Whether startup fails when the CLI is not authenticated.
     */
    private boolean required = true;

    public @Nullable String getGithubToken() {
      return this.githubToken;
    }

    public void setGithubToken(@Nullable String githubToken) {
      this.githubToken = githubToken;
    }

    /**
     * GitHub token with Copilot access. Deprecated: use copilot.auth.github-token.
     *
     * @return the token
     * @deprecated use {@code copilot.auth.github-token}, the name of the core's {@code githubToken}
     */
    @Deprecated(since = "0.1.0")
    @DeprecatedConfigurationProperty(replacement = "copilot.auth.github-token", since = "0.1.0",
        reason = "GitHub token with Copilot access; renamed to match the core's githubToken.")
    public @Nullable String getToken() {
      return this.githubToken;
    }

    /** @deprecated use {@code copilot.auth.github-token}; ignored when that is set */
    @Deprecated(since = "0.1.0")
    public void setToken(@Nullable String token) {
      if (!StringUtils.hasText(this.githubToken)) {
        this.githubToken = token;
      }
    }

    public @Nullable Boolean getUseLoggedInUser() {
      return this.useLoggedInUser;
    }

    public void setUseLoggedInUser(@Nullable Boolean useLoggedInUser) {
      this.useLoggedInUser = useLoggedInUser;
    }

    public boolean isRequired() {
      return this.required;
    }

    public void setRequired(boolean required) {
      this.required = required;
    }
  }

  /** Timeouts and limits of the client. */
  public static class Client {

    /**
     * How long starting the CLI and the handshake may take.
     */
    private Duration startupTimeout = Duration.ofSeconds(30);

    /**
     * How long any one request waits for its response.
     */
    private Duration requestTimeout = Duration.ofSeconds(60);

    /**
     * How long each step of a graceful stop may take before the next, harsher step.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(5);

    /**
     * Events held for a session id that has no session object yet; at the limit the oldest are dropped.
     */
    private int earlyEventBufferSize = 128;

    /**
     * How long events for an unknown session id are held before they are dropped.
     */
    private Duration earlyEventTtl = Duration.ofSeconds(30);

    /**
     * Largest JSON-RPC frame accepted from the CLI; a larger one closes the connection with an error.
     */
    private DataSize maxFrameSize = DataSize.ofMegabytes(64);

    /**
     * How long a session may go without a turn or an event before it is closed (its history stays stored and can
     * be resumed). Unset: sessions stay open until they are closed.
     */
    private @Nullable Duration sessionIdleTimeout;

    private final Restart restart = new Restart();

    public @Nullable Duration getSessionIdleTimeout() {
      return this.sessionIdleTimeout;
    }

    public void setSessionIdleTimeout(@Nullable Duration sessionIdleTimeout) {
      this.sessionIdleTimeout = sessionIdleTimeout;
    }

    public Restart getRestart() {
      return this.restart;
    }

    public Duration getStartupTimeout() {
      return this.startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
      this.startupTimeout = startupTimeout;
    }

    public Duration getRequestTimeout() {
      return this.requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }

    public Duration getShutdownTimeout() {
      return this.shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
    }

    public int getEarlyEventBufferSize() {
      return this.earlyEventBufferSize;
    }

    public void setEarlyEventBufferSize(int earlyEventBufferSize) {
      this.earlyEventBufferSize = earlyEventBufferSize;
    }

    public Duration getEarlyEventTtl() {
      return this.earlyEventTtl;
    }

    public void setEarlyEventTtl(Duration earlyEventTtl) {
      this.earlyEventTtl = earlyEventTtl;
    }

    public DataSize getMaxFrameSize() {
      return this.maxFrameSize;
    }

    public void setMaxFrameSize(DataSize maxFrameSize) {
      this.maxFrameSize = maxFrameSize;
    }

    /** Restarting a CLI that was lost unexpectedly: the core's {@code RestartPolicy}. */
    public static class Restart {

      /**
       * Whether the client starts a new CLI by itself after losing it (it crashed or was killed); a stop is never
       * followed by a restart. Off by default: the client stays FAILED until started again.
       */
      private boolean enabled;

      /**
       * How many restarts to try after one loss before the client stays FAILED.
       */
      private int maxAttempts = 5;

      /**
       * The wait before the first restart; it doubles after each failed attempt.
       */
      private Duration initialBackoff = Duration.ofMillis(500);

      /**
       * The longest wait between two restart attempts.
       */
      private Duration maxBackoff = Duration.ofSeconds(30);

      public boolean isEnabled() {
        return this.enabled;
      }

      public void setEnabled(boolean enabled) {
        this.enabled = enabled;
      }

      public int getMaxAttempts() {
        return this.maxAttempts;
      }

      public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
      }

      public Duration getInitialBackoff() {
        return this.initialBackoff;
      }

      public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
      }

      public Duration getMaxBackoff() {
        return this.maxBackoff;
      }

      public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
      }
    }
  }

  /** Defaults of the sessions created with CopilotClient#createSession(). */
  public static class Session {

    /**
     * Model of new sessions. Defaults to the CLI's default model.
     */
    private @Nullable String model;

    /**
     * Whether new sessions stream their answers as delta events.
     */
    private boolean streaming;

    /**
     * System message of new sessions.
     */
    private @Nullable String systemMessage;

    /**
     * How the system message combines with the CLI's own prompt.
     */
    private SystemMessageMode systemMessageMode = SystemMessageMode.APPEND;

    /**
     * Client name the CLI records with new sessions. Defaults to spring.application.name.
     */
    private @Nullable String clientName;

    /**
     * Directory the agent works in. Defaults to the CLI's working directory.
     */
    private @Nullable Path workingDirectory;

    public @Nullable String getModel() {
      return this.model;
    }

    public void setModel(@Nullable String model) {
      this.model = model;
    }

    public boolean isStreaming() {
      return this.streaming;
    }

    public void setStreaming(boolean streaming) {
      this.streaming = streaming;
    }

    public @Nullable String getSystemMessage() {
      return this.systemMessage;
    }

    public void setSystemMessage(@Nullable String systemMessage) {
      this.systemMessage = systemMessage;
    }

    public SystemMessageMode getSystemMessageMode() {
      return this.systemMessageMode;
    }

    public void setSystemMessageMode(SystemMessageMode systemMessageMode) {
      this.systemMessageMode = systemMessageMode;
    }

    public @Nullable String getClientName() {
      return this.clientName;
    }

    public void setClientName(@Nullable String clientName) {
      this.clientName = clientName;
    }

    public @Nullable Path getWorkingDirectory() {
      return this.workingDirectory;
    }

    public void setWorkingDirectory(@Nullable Path workingDirectory) {
      this.workingDirectory = workingDirectory;
    }
  }

  /** Cloud sessions (experimental). */
  public static class Cloud {

    /**
     * Whether sessions created with CopilotClient#createSession() are cloud sessions, whose id the server assigns.
     * Experimental.
     */
    private boolean enabled;

    private final Repository repository = new Repository();

    public boolean isEnabled() {
      return this.enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Repository getRepository() {
      return this.repository;
    }

    /** The repository cloud sessions work on. */
    public static class Repository {

      /**
       * Owner of the repository cloud sessions work on.
       */
      private @Nullable String owner;

      /**
       * Name of the repository cloud sessions work on.
       */
      private @Nullable String name;

      /**
       * Branch cloud sessions work on. Defaults to the repository's default branch.
       */
      private @Nullable String branch;

      public @Nullable String getOwner() {
        return this.owner;
      }

      public void setOwner(@Nullable String owner) {
        this.owner = owner;
      }

      public @Nullable String getName() {
        return this.name;
      }

      public void setName(@Nullable String name) {
        this.name = name;
      }

      public @Nullable String getBranch() {
        return this.branch;
      }

      public void setBranch(@Nullable String branch) {
        this.branch = branch;
      }
    }
  }

  /** Session lifecycle as Spring application events. */
  public static class Events {

    /**
     * Whether session lifecycle and client state changes are published as Spring application events.
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return this.enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Starting and stopping the client with the application. */
  public static class Lifecycle {

    /**
     * Whether the client starts with the application context.
     */
    private boolean autoStartup = true;

    /**
     * Lifecycle phase of the client. The default starts it before and stops it after the web server.
     */
    private int phase = SmartLifecycle.DEFAULT_PHASE - 3072;

    /**
     * Whether a client that fails to start fails the application's startup. When false, the failure is logged and
     * the health indicator reports it.
     */
    private boolean failFast = true;

    public boolean isAutoStartup() {
      return this.autoStartup;
    }

    public void setAutoStartup(boolean autoStartup) {
      this.autoStartup = autoStartup;
    }

    public int getPhase() {
      return this.phase;
    }

    public void setPhase(int phase) {
      this.phase = phase;
    }

    public boolean isFailFast() {
      return this.failFast;
    }

    public void setFailFast(boolean failFast) {
      this.failFast = failFast;
    }
  }

  /** The copilot health indicator. */
  public static class Health {

    /**
     * Whether the health check also pings the CLI, rather than only reading the client's state.
     */
    private boolean deepCheck;

    /**
     * How long the deep health check waits for the ping.
     */
    private Duration timeout = Duration.ofSeconds(2);

    public boolean isDeepCheck() {
      return this.deepCheck;
    }

    public void setDeepCheck(boolean deepCheck) {
      this.deepCheck = deepCheck;
    }

    public Duration getTimeout() {
      return this.timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Micrometer observations of turns. */
  public static class Observations {

    /**
     * Whether each turn is recorded as a Micrometer observation.
     */
    private boolean enabled = true;

    /**
     * Whether the prompt text is added to turn observations. It may hold personal data.
     */
    private boolean logPrompt;

    /**
     * Whether the completion text is added to turn observations. It may hold personal data.
     */
    private boolean logCompletion;

    public boolean isEnabled() {
      return this.enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isLogPrompt() {
      return this.logPrompt;
    }

    public void setLogPrompt(boolean logPrompt) {
      this.logPrompt = logPrompt;
    }

    public boolean isLogCompletion() {
      return this.logCompletion;
    }

    public void setLogCompletion(boolean logCompletion) {
      this.logCompletion = logCompletion;
    }
  }
}
