package dev.copilotj.tool;

import java.util.Objects;

/**
 * What a tool call returns to the model.
 *
 * @param text the text the model reads
 * @param success false when the tool failed; the model is told it failed
 */
public record ToolResult(String text, boolean success) {

  /**
   * Checks the text.
   *
   * @param text the text the model reads
   * @param success whether the tool succeeded
   */
  public ToolResult {
    Objects.requireNonNull(text, "text");
  }

  /**
   * A successful result.
   *
   * @param text the text the model reads
   * @return the result
   */
  public static ToolResult text(String text) {
    return new ToolResult(text, true);
  }

  /**
   * A failed result.
   *
   * @param message what went wrong, in words meant for the model
   * @return the result
   */
  public static ToolResult failure(String message) {
    return new ToolResult(message, false);
  }
}
