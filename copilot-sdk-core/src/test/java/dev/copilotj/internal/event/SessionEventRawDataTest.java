package dev.copilotj.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.EventInfo;
import dev.copilotj.event.RawEventData;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.UnknownSessionEvent;
import org.junit.jupiter.api.Test;

/** Every decoded event keeps its whole {@code data} reachable through {@link SessionEvent#rawData()}. */
class SessionEventRawDataTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final SessionEventDecoder decoder = new SessionEventDecoder();

  private SessionEvent decode(String eventJson) throws Exception {
    JsonNode event = MAPPER.readTree(eventJson);
    return decoder.decode("s1", event);
  }

  @Test
  void aTypedEventKeepsTheFieldsItDoesNotModel() throws Exception {
    SessionEvent event = decode("{\"type\":\"assistant.message_delta\",\"id\":\"e1\",\"timestamp\":\"2026-01-01T00:00:00Z\","
        + "\"data\":{\"messageId\":\"m1\",\"deltaContent\":\"Hel\",\"parentToolCallId\":\"t9\",\"extra\":{\"n\":[1,2]}}}");

    assertThat(event).isInstanceOfSatisfying(AssistantMessageDeltaEvent.class,
        delta -> assertThat(delta.deltaContent()).isEqualTo("Hel"));
    assertThat(event.rawData().json())
        .isEqualTo("{\"messageId\":\"m1\",\"deltaContent\":\"Hel\",\"parentToolCallId\":\"t9\",\"extra\":{\"n\":[1,2]}}");
    assertThat(event.rawData().map()).containsEntry("parentToolCallId", "t9").containsKey("extra");
    assertThat(event.rawData().json()).as("made once and kept").isSameAs(event.rawData().json());
  }

  @Test
  void anEventWithoutDataHasAnEmptyObject() throws Exception {
    SessionEvent event = decode("{\"type\":\"session.idle\",\"id\":\"e2\"}");

    assertThat(event).isInstanceOf(SessionIdleEvent.class);
    assertThat(event.rawData().json()).isEqualTo("{}");
    assertThat(event.rawData().map()).isEmpty();
  }

  @Test
  void anUnknownEventAndItsRawDataAgree() throws Exception {
    SessionEvent event = decode("{\"type\":\"model.call_started\",\"id\":\"e3\",\"data\":{\"a\":1}}");

    assertThat(event).isInstanceOfSatisfying(UnknownSessionEvent.class,
        unknown -> assertThat(unknown.dataJson()).isEqualTo("{\"a\":1}").isSameAs(event.rawData().json()));
  }

  @Test
  void rawDataTakesNoPartInEquality() throws Exception {
    SessionEvent decoded = decode("{\"type\":\"session.idle\",\"id\":\"e4\",\"timestamp\":\"2026-01-01T00:00:00Z\","
        + "\"data\":{\"unmodelled\":true}}");
    SessionEvent byHand = new SessionIdleEvent(
        new EventInfo("s1", "e4", null, Instant.parse("2026-01-01T00:00:00Z"), false), null);

    assertThat(decoded).isEqualTo(byHand).hasSameHashCodeAs(byHand);
    assertThat(byHand.rawData()).isSameAs(RawEventData.EMPTY);
    assertThat(decoded.info().toString()).doesNotContain("unmodelled");
  }
}
