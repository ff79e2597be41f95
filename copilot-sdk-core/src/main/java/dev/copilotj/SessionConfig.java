package dev.copilotj;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import dev.copilotj.event.SessionEvent;
import dev.copilotj.tool.PermissionHandler;
import dev.copilotj.tool.PermissionPolicies;
import dev.copilotj.tool.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * How a session is created: model, streaming, system message, working directory, client tools,
 * permission handler, client name, and (experimental) cloud options. Immutable; build with
 * {@link #builder()}.
 */
public final class SessionConfig {

  private final @Nullable String sessionId;
  private final @Nullable String model;
  private final boolean streaming;
  private final @Nullable String systemMessage;
  private final SystemMessageMode systemMessageMode;
  private final @Nullable Path workingDirectory;
  private final List<ToolDefinition> tools;
  private final PermissionHandler permissionHandler;
  private final @Nullable String clientName;
  private final @Nullable CloudOptions cloud;
  private final List<Consumer<? super SessionEvent>> listeners;
  private final @Nullable List<String> availableTools;
  private final List<String> excludedTools;

  private SessionConfig(Builder b) {
    if (b.cloud != null && b.sessionId != null) {
      throw new IllegalArgumentException("SessionConfig.sessionId(\"" + b.sessionId + "\") cannot be used with"
          + " cloud(...): the server assigns a cloud session's id. Remove sessionId; to choose the id that correlates"
          + " the create, use CloudOptions.withClientSessionId(...).");
    }
    this.sessionId = b.sessionId;
    this.model = b.model;
    this.streaming = b.streaming;
    this.systemMessage = b.systemMessage;
    this.systemMessageMode = b.systemMessageMode;
    this.workingDirectory = b.workingDirectory;
    this.tools = List.copyOf(b.tools.values());
    this.permissionHandler = b.permissionHandler;
    this.clientName = b.clientName;
    this.cloud = b.cloud;
    this.listeners = List.copyOf(b.listeners);
    this.availableTools = b.availableTools;
    this.excludedTools = b.excludedTools;
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the defaults: the CLI's default model, no streaming, no tools, {@link PermissionPolicies#registeredToolsOnly()} */
  public static SessionConfig defaults() {
    return builder().build();
  }

  /** @return a builder holding this object's values */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.sessionId = sessionId;
    b.model = model;
    b.streaming = streaming;
    b.systemMessage = systemMessage;
    b.systemMessageMode = systemMessageMode;
    b.workingDirectory = workingDirectory;
    tools.forEach(b::tool);
    b.permissionHandler = permissionHandler;
    b.clientName = clientName;
    b.cloud = cloud;
    b.listeners.addAll(listeners);
    b.availableTools = availableTools;
    b.excludedTools = excludedTools;
    return b;
  }

  /** @return the id to create a local session under, or null for a random UUID */
  public @Nullable String sessionId() {
    return sessionId;
  }

  /** @return the model id, or null for the CLI's default */
  public @Nullable String model() {
    return model;
  }

  /** @return whether the answer streams as delta events */
  public boolean streaming() {
    return streaming;
  }

  /** @return the system message, or null */
  public @Nullable String systemMessage() {
    return systemMessage;
  }

  /** @return how the system message combines with the CLI's prompt */
  public SystemMessageMode systemMessageMode() {
    return systemMessageMode;
  }

  /** @return the directory the agent works in, or null for the CLI's */
  public @Nullable Path workingDirectory() {
    return workingDirectory;
  }

  /** @return the client tools offered to the model */
  public List<ToolDefinition> tools() {
    return tools;
  }

  /** @return decides the CLI's permission requests */
  public PermissionHandler permissionHandler() {
    return permissionHandler;
  }

  /** @return the client name the CLI records, or null */
  public @Nullable String clientName() {
    return clientName;
  }

  /** @return cloud options, or null for a local session */
  @Experimental
  public @Nullable CloudOptions cloud() {
    return cloud;
  }

  /** @return the only tools the model may see (built-in and this session's own), or null for all of them */
  public @Nullable List<String> availableTools() {
    return availableTools;
  }

  /** @return tools the model never sees; empty for none */
  public List<String> excludedTools() {
    return excludedTools;
  }

  /** @return listeners attached to the session before it receives its first event */
  public List<Consumer<? super SessionEvent>> listeners() {
    return listeners;
  }

  @Override
  public String toString() {
    return "SessionConfig{model=" + model + ", streaming=" + streaming + ", tools=" + tools
        + ", workingDirectory=" + workingDirectory + ", clientName=" + clientName + ", cloud=" + cloud
        + (availableTools == null ? "" : ", availableTools=" + availableTools)
        + (excludedTools.isEmpty() ? "" : ", excludedTools=" + excludedTools) + "}";
  }

  /** Builds a {@link SessionConfig}. */
  public static final class Builder {
    private @Nullable String sessionId;
    private @Nullable String model;
    private boolean streaming;
    private @Nullable String systemMessage;
    private SystemMessageMode systemMessageMode = SystemMessageMode.APPEND;
    private @Nullable Path workingDirectory;
    private final Map<String, ToolDefinition> tools = new LinkedHashMap<>();
    private PermissionHandler permissionHandler = PermissionPolicies.registeredToolsOnly();
    private @Nullable String clientName;
    private @Nullable CloudOptions cloud;
    private final List<Consumer<? super SessionEvent>> listeners = new ArrayList<>();
    private @Nullable List<String> availableTools;
    private List<String> excludedTools = List.of();

    private Builder() {
    }

    /**
     * Sets the id of a local session. A cloud session's id is assigned by the server, so {@link #build()} refuses a
     * config with both; {@link CloudOptions#withClientSessionId} chooses a cloud create's provisional id instead.
     *
     * @param sessionId the id, or null for a random UUID
     * @return this builder
     */
    public Builder sessionId(@Nullable String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * Sets the model.
     *
     * @param model a model id from {@link CopilotClient#listModels()}, or null for the CLI's default
     * @return this builder
     */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /**
     * Streams the answer as {@code assistant.message_delta} events before the final message.
     *
     * @param streaming whether to stream
     * @return this builder
     */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /**
     * Sets a system message appended to the CLI's own prompt.
     *
     * @param content the message, or null for none
     * @return this builder
     */
    public Builder systemMessage(@Nullable String content) {
      return systemMessage(content, SystemMessageMode.APPEND);
    }

    /**
     * Sets a system message.
     *
     * @param content the message, or null for none
     * @param mode append to or replace the CLI's prompt
     * @return this builder
     */
    public Builder systemMessage(@Nullable String content, SystemMessageMode mode) {
      this.systemMessage = content;
      this.systemMessageMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the directory the agent works in.
     *
     * @param directory the directory, or null for the CLI's working directory
     * @return this builder
     */
    public Builder workingDirectory(@Nullable Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    /**
     * Adds a client tool.
     *
     * @param tool the tool; a tool of the same name is replaced
     * @return this builder
     */
    public Builder tool(ToolDefinition tool) {
      tools.put(tool.name(), Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /**
     * Adds client tools.
     *
     * @param tools the tools
     * @return this builder
     */
    public Builder tools(List<ToolDefinition> tools) {
      tools.forEach(this::tool);
      return this;
    }

    /**
     * Sets the permission handler.
     *
     * @param handler decides the CLI's permission requests; the default approves only this session's
     *     registered tools
     * @return this builder
     */
    public Builder permissionHandler(PermissionHandler handler) {
      this.permissionHandler = Objects.requireNonNull(handler, "permissionHandler");
      return this;
    }

    /**
     * Sets the client name the CLI records with the session and sends in its user agent.
     *
     * @param clientName the name, or null
     * @return this builder
     */
    public Builder clientName(@Nullable String clientName) {
      this.clientName = clientName;
      return this;
    }

    /**
     * Makes the session a cloud session (experimental).
     *
     * @param cloud the options, or null for a local session
     * @return this builder
     */
    @Experimental
    public Builder cloud(@Nullable CloudOptions cloud) {
      this.cloud = cloud;
      return this;
    }

    /**
     * Attaches a listener before the session receives its first event. A listener added later with
     * {@link CopilotSession#on} can miss the events the CLI sends while the session is being created
     * (and, for a cloud session, the events held until the server named its id); this one cannot. The listener
     * belongs to this config: when the open session is resumed with another config, it hears nothing after the
     * switch and the other config's listeners take over.
     *
     * @param listener called for every event of the session, in order
     * @return this builder
     */
    public Builder onEvent(Consumer<? super SessionEvent> listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Limits the tools the model sees to these names: the CLI's built-in tools ({@code view}, {@code bash},
     * {@code edit}, ...) and this session's own tools alike, so list your own tools too.
     *
     * @param names the allowlist, or null for every tool (the default)
     * @return this builder
     */
    public Builder availableTools(@Nullable List<String> names) {
      this.availableTools = names == null ? null : toolNames(names, "availableTools");
      return this;
    }

    /**
     * Hides these tools from the model, for example {@code bash} or {@code web_fetch}.
     *
     * @param names the tool names; empty for none (the default)
     * @return this builder
     */
    public Builder excludedTools(List<String> names) {
      this.excludedTools = toolNames(Objects.requireNonNull(names, "excludedTools"), "excludedTools");
      return this;
    }

    private static List<String> toolNames(List<String> names, String setting) {
      for (String name : names) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException(setting + " must not contain a blank tool name, was " + names);
        }
      }
      return List.copyOf(names);
    }

    /** @return the configuration */
    public SessionConfig build() {
      return new SessionConfig(this);
    }
  }

  /** @return the list of tool names; for logs */
  List<String> toolNames() {
    List<String> names = new ArrayList<>();
    tools.forEach(tool -> names.add(tool.name()));
    return names;
  }
}
