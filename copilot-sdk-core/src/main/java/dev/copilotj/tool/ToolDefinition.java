package dev.copilotj.tool;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.internal.json.Json;

/**
 * A tool the client offers the model: a name, a description, a JSON schema for its parameters and the
 * handler that runs it.
 *
 * <pre>{@code
 * ToolDefinition weather = ToolDefinition.builder("get_weather")
 *     .description("Current weather for a city")
 *     .parametersSchema("""
 *         {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""")
 *     .handler(call -> ToolResult.text("Sunny in " + call.arguments().get("city")))
 *     .build();
 * }</pre>
 */
public final class ToolDefinition {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final String EMPTY_OBJECT_SCHEMA = "{\"type\":\"object\",\"properties\":{}}";

  private final String name;
  private final String description;
  private final String parametersSchema;
  private final ToolHandler handler;
  private final boolean overridesBuiltInTool;
  private final boolean skipPermission;

  private ToolDefinition(Builder builder) {
    this.name = builder.name;
    this.description = Objects.requireNonNull(builder.description, "description");
    this.parametersSchema = builder.parametersSchema;
    this.handler = Objects.requireNonNull(builder.handler, () -> "tool '" + builder.name + "' has no handler");
    this.overridesBuiltInTool = builder.overridesBuiltInTool;
    this.skipPermission = builder.skipPermission;
  }

  /**
   * Starts a definition.
   *
   * @param name letters, digits, {@code _} and {@code -}, at most 64 characters (what model APIs accept)
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** @return the tool's name */
  public String name() {
    return name;
  }

  /** @return what the tool does, for the model */
  public String description() {
    return description;
  }

  /** @return the JSON schema of the parameters, as JSON text */
  public String parametersSchema() {
    return parametersSchema;
  }

  /** @return the handler */
  public ToolHandler handler() {
    return handler;
  }

  /** @return whether this tool replaces the CLI's built-in tool of the same name */
  public boolean overridesBuiltInTool() {
    return overridesBuiltInTool;
  }

  /** @return whether the CLI runs this tool without asking the permission handler */
  public boolean skipPermission() {
    return skipPermission;
  }

  @Override
  public String toString() {
    return "ToolDefinition{" + name + (overridesBuiltInTool ? ", overrides built-in" : "")
        + (skipPermission ? ", skips permission" : "") + "}";
  }

  /** Builds a {@link ToolDefinition}. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private String parametersSchema = EMPTY_OBJECT_SCHEMA;
    private ToolHandler handler;
    private boolean overridesBuiltInTool;
    private boolean skipPermission;

    private Builder(String name) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Tool name '" + name + "' is not allowed: use 1 to 64 letters, digits,"
            + " '_' or '-'");
      }
      this.name = name;
    }

    /**
     * Sets the description the model reads to decide when to call the tool.
     *
     * @param description the description
     * @return this builder
     */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * Sets the JSON schema of the parameters.
     *
     * @param schemaJson a JSON object, for example {@code {"type":"object","properties":{...}}}
     * @return this builder
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public Builder parametersSchema(String schemaJson) {
      JsonNode schema;
      try {
        schema = Json.MAPPER.readTree(schemaJson);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("The parameters schema of tool '" + name + "' is not valid JSON: "
            + e.getOriginalMessage(), e);
      }
      if (schema == null || !schema.isObject()) {
        throw new IllegalArgumentException("The parameters schema of tool '" + name + "' must be a JSON object");
      }
      this.parametersSchema = schema.toString();
      return this;
    }

    /**
     * Sets the JSON schema of the parameters from a map.
     *
     * @param schema the schema as maps and lists
     * @return this builder
     */
    public Builder parametersSchema(Map<String, ?> schema) {
      return parametersSchema(Json.write(schema));
    }

    /**
     * Sets the handler.
     *
     * @param handler runs the tool
     * @return this builder
     */
    public Builder handler(ToolHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Makes this tool replace the CLI's built-in tool of the same name (for example an application's own
     * {@code web_fetch}); without it the CLI refuses a tool whose name a built-in tool has.
     *
     * @param overrides whether it replaces the built-in tool
     * @return this builder
     */
    public Builder overridesBuiltInTool(boolean overrides) {
      this.overridesBuiltInTool = overrides;
      return this;
    }

    /**
     * Lets the CLI run this tool without a permission request, so the session's permission handler is not asked.
     * For read-only tools that are always safe to run.
     *
     * @param skip whether to skip the permission request
     * @return this builder
     */
    public Builder skipPermission(boolean skip) {
      this.skipPermission = skip;
      return this;
    }

    /** @return the definition */
    public ToolDefinition build() {
      return new ToolDefinition(this);
    }
  }
}
