package dev.copilotj.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.copilotj.CopilotException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the session registry with random floods of events for known and unknown ids, sessions opening
 * and closing, and time passing: its bounds hold after every step, and each session gets its events once,
 * in wire order.
 */
class SessionRegistryFuzzTest {

  private static final int PER_ID = 4;
  private static final int MAX_IDS = 8;
  private static final Duration TTL = Duration.ofMillis(100);

  @Property
  void boundsHoldAndEverySessionGetsItsEventsOnceInWireOrder(@ForAll("steps") List<Integer> steps) {
    long[] clock = {0};
    SessionRegistry registry = new SessionRegistry(PER_ID, MAX_IDS, TTL, () -> clock[0]);
    Map<String, Recorder> open = new HashMap<>();
    List<Recorder> all = new ArrayList<>();
    long sequence = 0;

    for (int step : steps) {
      int op = step & 0x7;
      String id = "s" + ((step >>> 3) % 24);
      switch (op) {
        case 0, 1, 2, 3 -> registry.onEvent(id, JsonNodeFactory.instance.numberNode(sequence++));
        case 4 -> {
          if (!open.containsKey(id)) {
            Recorder recorder = new Recorder(id);
            registry.putLive(id, recorder);
            open.put(id, recorder);
            all.add(recorder);
          }
        }
        case 5 -> {
          Recorder recorder = open.remove(id);
          if (recorder != null) {
            registry.removeLive(id, recorder);
          }
        }
        case 6 -> clock[0] += ((step >>> 3) % 60) * 1_000_000L;
        default -> registry.expireEarly();
      }
      assertThat(registry.earlyCount()).isLessThanOrEqualTo(MAX_IDS);
      for (int i = 0; i < 24; i++) {
        assertThat(registry.earlyEventCount("s" + i)).isLessThanOrEqualTo(PER_ID);
      }
      assertThat(registry.liveCount()).isEqualTo(open.size());
    }
    for (Recorder recorder : all) {
      for (int i = 1; i < recorder.received.size(); i++) {
        assertThat(recorder.received.get(i)).as("events of %s in wire order, once", recorder.id)
            .isGreaterThan(recorder.received.get(i - 1));
      }
    }
    registry.clear(new CopilotException("done"));
    assertThat(registry.isEmpty()).isTrue();
    assertThat(all).allMatch(recorder -> recorder.terminated || !open.containsValue(recorder));
  }

  @Provide
  Arbitrary<List<Integer>> steps() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(400);
  }

  private static final class Recorder implements SessionEndpoint {
    final String id;
    final List<Long> received = new ArrayList<>();
    boolean terminated;

    Recorder(String id) {
      this.id = id;
    }

    @Override
    public void deliver(JsonNode event) {
      received.add(event.longValue());
    }

    @Override
    public void terminate(CopilotException cause) {
      terminated = true;
    }
  }
}
