package dev.copilotj.spring.boot.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one turn of a Copilot session, for its observation. Filled in from the turn's end just
 * before the observation stops, so a convention sees the final values then.
 */
public class CopilotTurnObservationContext extends Observation.Context {

  private final String sessionId;
  private @Nullable String model;
  private @Nullable String prompt;
  private @Nullable String completion;
  private @Nullable String errorType;
  private long inputTokens;
  private long outputTokens;
  private int modelCalls;
  private int toolCalls;

  /**
   * Creates the context of a turn.
   *
   * @param sessionId the session the turn belongs to
   */
  public CopilotTurnObservationContext(String sessionId) {
    this.sessionId = sessionId;
  }

  /** @return the session the turn belongs to */
  public String getSessionId() {
    return sessionId;
  }

  /** @return the model the turn called, as the CLI reported it; null until the first model call reports */
  public @Nullable String getModel() {
    return model;
  }

  /** @param model the model the turn called */
  public void setModel(@Nullable String model) {
    this.model = model;
  }

  /** @return the prompt that started the turn; null unless {@code copilot.observations.log-prompt} is on */
  public @Nullable String getPrompt() {
    return prompt;
  }

  /** @param prompt the prompt that started the turn */
  public void setPrompt(@Nullable String prompt) {
    this.prompt = prompt;
  }

  /**
   * @return the last non-empty assistant message of the turn; null unless
   *     {@code copilot.observations.log-completion} is on
   */
  public @Nullable String getCompletion() {
    return completion;
  }

  /** @param completion the last non-empty assistant message of the turn */
  public void setCompletion(@Nullable String completion) {
    this.completion = completion;
  }

  /** @return the {@code errorType} of the turn's {@code session.error}, or null when it had none */
  public @Nullable String getErrorType() {
    return errorType;
  }

  /** @param errorType the {@code errorType} of the turn's {@code session.error} */
  public void setErrorType(@Nullable String errorType) {
    this.errorType = errorType;
  }

  /** @return input tokens of the turn's model calls */
  public long getInputTokens() {
    return inputTokens;
  }

  /** @return output tokens of the turn's model calls */
  public long getOutputTokens() {
    return outputTokens;
  }

  /** @return how many model calls reported usage in the turn */
  public int getModelCalls() {
    return modelCalls;
  }

  /** @return how many tool calls the turn started */
  public int getToolCalls() {
    return toolCalls;
  }

  /**
   * Adds one model call's usage.
   *
   * @param input its input tokens
   * @param output its output tokens
   */
  public void addUsage(long input, long output) {
    this.inputTokens += input;
    this.outputTokens += output;
    this.modelCalls++;
  }

  /** Counts a tool call the turn started. */
  public void addToolCall() {
    this.toolCalls++;
  }

  /** Sets the turn's totals at once, from its {@code TurnEnded}. */
  void recordUsage(long input, long output, int modelCallCount, int toolCallCount) {
    this.inputTokens = input;
    this.outputTokens = output;
    this.modelCalls = modelCallCount;
    this.toolCalls = toolCallCount;
  }

  /** @return whether the turn failed */
  public boolean isFailed() {
    return errorType != null;
  }
}
