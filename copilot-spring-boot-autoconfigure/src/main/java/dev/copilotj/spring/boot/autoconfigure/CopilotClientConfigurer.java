package dev.copilotj.spring.boot.autoconfigure;

import java.util.List;
import java.util.concurrent.Executor;

import dev.copilotj.CloudOptions;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.RestartPolicy;
import dev.copilotj.SessionConfig;
import dev.copilotj.tool.PermissionHandler;
import dev.copilotj.tool.ToolDefinition;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Applies the {@code copilot.*} properties, the {@link ToolDefinition} beans, the {@link PermissionHandler} bean
 * and the {@link CopilotClientCustomizer}s to client options. Inject it to build a second client the way the
 * auto-configuration builds the first.
 */
public final class CopilotClientConfigurer {

  private final CopilotProperties properties;
  private final List<ToolDefinition> tools;
  private final @Nullable PermissionHandler permissionHandler;
  private final List<CopilotClientCustomizer> customizers;
  private final @Nullable String applicationName;
  private final @Nullable Executor callbackExecutor;

  /**
   * Creates a configurer.
   *
   * @param properties the bound properties
   * @param tools tools every session created with the defaults offers
   * @param permissionHandler the permission handler of sessions created with the defaults, or null for the
   *     default policy (registered tools only)
   * @param customizers applied last, in order
   * @param applicationName the default client name, or null
   */
  public CopilotClientConfigurer(CopilotProperties properties, List<ToolDefinition> tools,
      @Nullable PermissionHandler permissionHandler, List<CopilotClientCustomizer> customizers,
      @Nullable String applicationName) {
    this(properties, tools, permissionHandler, customizers, applicationName, null);
  }

  /**
   * Creates a configurer that also sets the executor the client's callbacks run on.
   *
   * @param properties the bound properties
   * @param tools tools every session created with the defaults offers
   * @param permissionHandler the permission handler of sessions created with the defaults, or null for the
   *     default policy (registered tools only)
   * @param customizers applied last, in order
   * @param applicationName the default client name, or null
   * @param callbackExecutor the {@link CopilotCallbackExecutor} bean, or null for the SDK's default
   */
  public CopilotClientConfigurer(CopilotProperties properties, List<ToolDefinition> tools,
      @Nullable PermissionHandler permissionHandler, List<CopilotClientCustomizer> customizers,
      @Nullable String applicationName, @Nullable Executor callbackExecutor) {
    this.callbackExecutor = callbackExecutor;
    this.properties = properties;
    this.tools = List.copyOf(tools);
    this.permissionHandler = permissionHandler;
    this.customizers = List.copyOf(customizers);
    this.applicationName = applicationName;
  }

  /**
   * Applies everything to a builder.
   *
   * @param builder the builder
   * @return the same builder
   */
  public CopilotClientOptions.Builder configure(CopilotClientOptions.Builder builder) {
    CopilotProperties.Cli cli = properties.getCli();
    builder.cliPath(cli.getPath())
        .cliArgs(cli.getArgs())
        .environment(cli.getEnv())
        .inheritEnvironment(cli.isInheritEnvironment())
        .workingDirectory(cli.getWorkingDirectory())
        .logLevel(cli.getLogLevel())
        .transport(cli.getTransport())
        .port(cli.getPort());
    CopilotProperties.Server server = properties.getServer();
    if (StringUtils.hasText(server.getAddress())) {
      builder.cliPath(null).serverAddress(server.getAddress());
    }
    builder.connectionToken(server.getConnectionToken());
    CopilotProperties.Auth auth = properties.getAuth();
    builder.githubToken(auth.getGithubToken()).useLoggedInUser(auth.getUseLoggedInUser());
    CopilotProperties.Client client = properties.getClient();
    builder.startupTimeout(client.getStartupTimeout())
        .requestTimeout(client.getRequestTimeout())
        .shutdownTimeout(client.getShutdownTimeout())
        .earlyEventBufferSize(client.getEarlyEventBufferSize())
        .earlyEventTtl(client.getEarlyEventTtl())
        .maxFrameBytes(frameBytes(client.getMaxFrameSize()))
        .sessionIdleTimeout(client.getSessionIdleTimeout())
        .restartPolicy(restartPolicy(client.getRestart()));
    if (callbackExecutor != null) {
      builder.executor(callbackExecutor);
    }
    builder.sessionDefaults(sessionDefaults());
    customizers.forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  private static RestartPolicy restartPolicy(CopilotProperties.Client.Restart restart) {
    if (!restart.isEnabled()) {
      return RestartPolicy.none();
    }
    try {
      return RestartPolicy.attempts(restart.getMaxAttempts(), restart.getInitialBackoff(), restart.getMaxBackoff());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid copilot.client.restart.* properties (max-attempts "
          + restart.getMaxAttempts() + ", initial-backoff " + restart.getInitialBackoff() + ", max-backoff "
          + restart.getMaxBackoff() + "): " + e.getMessage()
          + ". Set max-attempts to at least 1 and max-backoff to at least initial-backoff, or turn"
          + " copilot.client.restart.enabled off.", e);
    }
  }

  private static int frameBytes(DataSize size) {
    long bytes = size.toBytes();
    if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("copilot.client.max-frame-size must be between 1KB and 2047MB, was "
          + size + "; the default is 64MB");
    }
    return (int) bytes;
  }

  /** @return the session defaults the properties and beans describe */
  public SessionConfig sessionDefaults() {
    CopilotProperties.Session session = properties.getSession();
    SessionConfig.Builder defaults = SessionConfig.builder()
        .model(session.getModel())
        .streaming(session.isStreaming())
        .systemMessage(session.getSystemMessage(), session.getSystemMessageMode())
        .workingDirectory(session.getWorkingDirectory())
        .clientName(StringUtils.hasText(session.getClientName()) ? session.getClientName() : applicationName)
        .tools(tools);
    if (permissionHandler != null) {
      defaults.permissionHandler(permissionHandler);
    }
    CopilotProperties.Cloud cloud = properties.getCloud();
    if (cloud.isEnabled()) {
      CopilotProperties.Cloud.Repository repository = cloud.getRepository();
      defaults.cloud(new CloudOptions(repository.getOwner(), repository.getName(), repository.getBranch()));
    }
    return defaults.build();
  }
}
