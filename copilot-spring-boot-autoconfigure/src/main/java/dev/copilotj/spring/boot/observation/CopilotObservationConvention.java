package dev.copilotj.spring.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a Copilot turn. Declare a bean of this type to replace
 * {@link DefaultCopilotObservationConvention}, or extend that class to add keys.
 */
public interface CopilotObservationConvention extends ObservationConvention<CopilotTurnObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof CopilotTurnObservationContext;
  }
}
