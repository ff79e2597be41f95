package dev.copilotj.internal.session;

import static dev.copilotj.internal.session.SessionRegistryTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.session.SessionRegistryTest.Factory;
import dev.copilotj.internal.session.SessionRegistryTest.FakeEndpoint;
import org.junit.jupiter.api.Test;

/** Notifications in, routing decisions out; the router runs on the reader thread, so all of this is synchronous. */
class NotificationRouterTest {

  private final SessionRegistry registry = new SessionRegistry(8, 8, Duration.ofSeconds(30), System::nanoTime);
  private final List<SessionLifecycleEvent> heard = new ArrayList<>();
  /** What the registry held for the event's session at the moment the sink heard of it. */
  private final List<SessionEndpoint> liveWhenHeard = new ArrayList<>();
  private final NotificationRouter router = new NotificationRouter(registry, lifecycle -> {
    heard.add(lifecycle);
    liveWhenHeard.add(registry.live(lifecycle.sessionId()));
  });
  private final Factory factory = new Factory();

  @Test
  void createdForAPendingCloudCreateMaterializesBeforeTheSinkHearsIt() {
    registry.putPending(factory.pending("p1"));

    router.route("session.lifecycle", lifecycle("session.created", "s1", "p1"));

    assertThat(heard).hasSize(1);
    assertThat(liveWhenHeard.get(0)).isNotNull().isSameAs(factory.only("s1"));
    SessionLifecycleEvent created = heard.get(0);
    assertThat(created.type()).isEqualTo(SessionLifecycleEvent.CREATED);
    assertThat(created.sessionId()).isEqualTo("s1");
    assertThat(created.clientSessionId()).isEqualTo("p1");
    assertThat(created.startTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(created.modifiedTime()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
  }

  @Test
  void createdAndDeletedDuplicatesAreRemovedButUpdatedIsNot() {
    registry.putPending(factory.pending("p1"));

    router.route("session.lifecycle", lifecycle("session.created", "s1", "p1"));
    router.route("session.lifecycle", lifecycle("session.created", "s1", "p1"));
    router.route("session.lifecycle", lifecycle("session.updated", "s1", null));
    router.route("session.lifecycle", lifecycle("session.updated", "s1", null));
    router.route("session.lifecycle", lifecycle("session.deleted", "s1", null));
    router.route("session.lifecycle", lifecycle("session.deleted", "s1", null));

    assertThat(heard).extracting(SessionLifecycleEvent::type).containsExactly(
        "session.created", "session.updated", "session.updated", "session.deleted");
    assertThat(factory.calls()).isEqualTo(1);
  }

  @Test
  void aDuplicateCreatedStillReachesTheRegistry() {
    // the first copy may be for a local session the registry does not track; a repeat must not be swallowed
    // before the registry sees it, or a create announced first without clientSessionId would never materialize
    router.route("session.lifecycle", lifecycle("session.created", "s1", null));
    registry.putPending(factory.pending("p1"));

    router.route("session.lifecycle", lifecycle("session.created", "s1", "p1"));

    assertThat(factory.only("s1")).isNotNull();
    assertThat(heard).hasSize(1);
  }

  @Test
  void lifecycleWithoutMetadataOrWithBadTimesHasNullTimes() {
    ObjectNode bad = lifecycle("session.updated", "s1", null);
    ((ObjectNode) bad.get("metadata")).put("startTime", "yesterday");
    router.route("session.lifecycle", bad);
    ObjectNode none = lifecycle("session.deleted", "s1", null);
    none.remove("metadata");
    router.route("session.lifecycle", none);

    assertThat(heard).hasSize(2);
    assertThat(heard.get(0).startTime()).isNull();
    assertThat(heard.get(0).modifiedTime()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
    assertThat(heard.get(1).startTime()).isNull();
    assertThat(heard.get(1).clientSessionId()).isNull();
  }

  @Test
  void eventsGoToTheLiveSessionOrTheEarlyBuffer() {
    FakeEndpoint live = new FakeEndpoint("s1");
    registry.putLive("s1", live);

    router.route("session.event", eventParams("s1", "e1"));
    router.route("session.event", eventParams("s2", "x1"));

    assertThat(live.delivered).containsExactly("e1");
    assertThat(registry.earlyEventCount("s2")).isEqualTo(1);
    assertThat(heard).isEmpty();
  }

  @Test
  void malformedParamsAreDroppedWithoutThrowing() {
    FakeEndpoint live = new FakeEndpoint("s1");
    registry.putLive("s1", live);
    registry.putPending(factory.pending("p1"));
    ObjectNode noSessionId = eventParams("s1", "e1");
    noSessionId.remove("sessionId");
    ObjectNode eventNotObject = eventParams("s1", "e1");
    eventNotObject.put("event", "text");
    ObjectNode noEvent = eventParams("s1", "e1");
    noEvent.remove("event");
    ObjectNode numericSessionId = eventParams("s1", "e1");
    numericSessionId.put("sessionId", 42);
    ObjectNode noType = lifecycle("session.created", "s1", "p1");
    noType.remove("type");
    ObjectNode noLifecycleId = lifecycle("session.created", "s1", "p1");
    noLifecycleId.remove("sessionId");
    List<JsonNode> garbage = List.of(noSessionId, eventNotObject, noEvent, numericSessionId, noType, noLifecycleId,
        NullNode.getInstance(), Json.MAPPER.createArrayNode(), Json.MAPPER.getNodeFactory().textNode("x"));

    for (JsonNode params : garbage) {
      assertThatCode(() -> {
        router.route("session.event", params);
        router.route("session.lifecycle", params);
      }).as("params %s", params).doesNotThrowAnyException();
    }
    router.route("host.event", eventParams("s1", "e1"));
    router.route("no.such.notification", NullNode.getInstance());

    assertThat(live.delivered).isEmpty();
    assertThat(heard).isEmpty();
    assertThat(factory.calls()).isZero();
    assertThat(registry.earlyCount()).isZero();
    // still routing after the garbage
    router.route("session.event", eventParams("s1", "e2"));
    assertThat(live.delivered).containsExactly("e2");
  }

  private static ObjectNode lifecycle(String type, String sessionId, String clientSessionId) {
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("type", type);
    params.put("sessionId", sessionId);
    if (clientSessionId != null) {
      params.put("clientSessionId", clientSessionId);
    }
    params.putObject("metadata").put("startTime", "2026-01-01T00:00:00Z").put("modifiedTime", "2026-01-01T00:00:05Z");
    return params;
  }

  private static ObjectNode eventParams(String sessionId, String eventId) {
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("sessionId", sessionId);
    params.set("event", event(eventId));
    return params;
  }
}
