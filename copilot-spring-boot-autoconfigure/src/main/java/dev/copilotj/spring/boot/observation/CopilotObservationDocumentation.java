package dev.copilotj.spring.boot.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of the Copilot starter.
 */
public enum CopilotObservationDocumentation implements ObservationDocumentation {

  /**
   * One turn of a Copilot session: from the first event of a prompt ({@code user.message}) to
   * {@code session.idle}, with an error when the session reported {@code session.error} or was terminated
   * while the turn ran. Named {@code copilot.turn} rather than the GenAI {@code gen_ai.client.operation}, whose
   * timer other libraries (Spring AI) register with other tag keys: Prometheus rejects one meter name with two
   * sets of tag keys.
   */
  TURN {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
      return DefaultCopilotObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return LowCardinalityKeyNames.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return HighCardinalityKeyNames.values();
    }
  };

  /** Low-cardinality keys: they become meter tags. */
  public enum LowCardinalityKeyNames implements KeyName {

    /** The GenAI operation: always {@code invoke_agent}, since a turn is an agent run with its tool calls. */
    OPERATION_NAME {
      @Override
      public String asString() {
        return "gen_ai.operation.name";
      }
    },

    /** The model the turn called, as the CLI reports it; {@code unknown} before the first model call. */
    REQUEST_MODEL {
      @Override
      public String asString() {
        return "gen_ai.request.model";
      }
    },

    /** {@code success} or {@code error}. */
    OUTCOME {
      @Override
      public String asString() {
        return "outcome";
      }
    },

    /** The {@code errorType} of the turn's {@code session.error} ({@code client.terminated} when the session was
     * terminated), or {@code none}. */
    ERROR_TYPE {
      @Override
      public String asString() {
        return "error.type";
      }
    }
  }

  /** High-cardinality keys: span attributes only, never meter tags. */
  public enum HighCardinalityKeyNames implements KeyName {

    /** The session id. */
    CONVERSATION_ID {
      @Override
      public String asString() {
        return "gen_ai.conversation.id";
      }
    },

    /** Input tokens of the turn's model calls. */
    USAGE_INPUT_TOKENS {
      @Override
      public String asString() {
        return "gen_ai.usage.input_tokens";
      }
    },

    /** Output tokens of the turn's model calls. */
    USAGE_OUTPUT_TOKENS {
      @Override
      public String asString() {
        return "gen_ai.usage.output_tokens";
      }
    },

    /** The prompt; only with {@code copilot.observations.log-prompt=true}. */
    PROMPT {
      @Override
      public String asString() {
        return "gen_ai.prompt";
      }
    },

    /** The last assistant message; only with {@code copilot.observations.log-completion=true}. */
    COMPLETION {
      @Override
      public String asString() {
        return "gen_ai.completion";
      }
    }
  }
}
