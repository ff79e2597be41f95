package dev.copilotj.spring.boot.observation;

import dev.copilotj.spring.boot.observation.CopilotObservationDocumentation.HighCardinalityKeyNames;
import dev.copilotj.spring.boot.observation.CopilotObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and tags of a Copilot turn's observation: name {@code copilot.turn}, contextual name
 * {@code invoke_agent copilot}, the low-cardinality keys {@code gen_ai.operation.name}, {@code gen_ai.request.model},
 * {@code outcome} and {@code error.type}, and the high-cardinality keys {@code gen_ai.conversation.id},
 * {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens} and, when captured, {@code gen_ai.prompt}
 * and {@code gen_ai.completion}. Extend it to add keys.
 */
public class DefaultCopilotObservationConvention implements CopilotObservationConvention {

  /** The observation's name, and so the name of the timer Micrometer derives from it. */
  public static final String NAME = "copilot.turn";
  /** The GenAI operation name of a turn. */
  public static final String OPERATION = "invoke_agent";

  private static final String NONE = "none";
  private static final String UNKNOWN = "unknown";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(CopilotTurnObservationContext context) {
    return OPERATION + " copilot";
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(CopilotTurnObservationContext context) {
    String model = context.getModel();
    String errorType = context.getErrorType();
    return KeyValues.of(
        KeyValue.of(LowCardinalityKeyNames.OPERATION_NAME, OPERATION),
        KeyValue.of(LowCardinalityKeyNames.REQUEST_MODEL, model != null && !model.isBlank() ? model : UNKNOWN),
        KeyValue.of(LowCardinalityKeyNames.OUTCOME, context.isFailed() ? "error" : "success"),
        KeyValue.of(LowCardinalityKeyNames.ERROR_TYPE, errorType != null ? errorType : NONE));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(CopilotTurnObservationContext context) {
    KeyValues values = KeyValues.of(
        KeyValue.of(HighCardinalityKeyNames.CONVERSATION_ID, context.getSessionId()),
        KeyValue.of(HighCardinalityKeyNames.USAGE_INPUT_TOKENS, Long.toString(context.getInputTokens())),
        KeyValue.of(HighCardinalityKeyNames.USAGE_OUTPUT_TOKENS, Long.toString(context.getOutputTokens())));
    String prompt = context.getPrompt();
    if (prompt != null) {
      values = values.and(KeyValue.of(HighCardinalityKeyNames.PROMPT, prompt));
    }
    String completion = context.getCompletion();
    if (completion != null) {
      values = values.and(KeyValue.of(HighCardinalityKeyNames.COMPLETION, completion));
    }
    return values;
  }
}
