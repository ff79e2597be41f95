package dev.copilotj.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.CopilotException;
import dev.copilotj.internal.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The registry as the state machine of the architecture's transition table, driven directly: a fake
 * endpoint records what is delivered and terminated, a fake clock drives the early-event time to live.
 */
class SessionRegistryTest {

  private static final int EARLY_LIMIT = 4;
  private static final int MAX_EARLY_IDS = 3;
  private static final Duration TTL = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final SessionRegistry registry = new SessionRegistry(EARLY_LIMIT, MAX_EARLY_IDS, TTL, now::get);
  private final Factory factory = new Factory();

  // ---------------------------------------------------------------- notification and response orders

  @Test
  void notificationFirstMaterializesAndTheResponseReturnsThatSession() {
    registry.putPending(factory.pending("p1"));
    assertThat(registry.live("s1")).isNull();

    registry.onCreatedNotification("s1", "p1");

    FakeEndpoint built = factory.only("s1");
    assertThat(registry.live("s1")).isSameAs(built);
    assertThat(registry.pendingCount()).as("pending until the response settles it").isEqualTo(1);

    SessionEndpoint answered = registry.onCreateResponse("p1", "s1");

    assertThat(answered).isSameAs(built);
    assertThat(registry.pendingCount()).isZero();
    assertThat(registry.liveCount()).isEqualTo(1);
    assertThat(factory.calls()).isEqualTo(1);
    assertThat(built.terminations).isEmpty();
  }

  @Test
  void responseFirstMaterializesAndALaterNotificationChangesNothing() {
    registry.putPending(factory.pending("p1"));

    SessionEndpoint answered = registry.onCreateResponse("p1", "s1");

    assertThat(answered).isSameAs(factory.only("s1"));
    assertThat(registry.live("s1")).isSameAs(answered);
    assertThat(registry.pendingCount()).isZero();

    registry.onCreatedNotification("s1", "p1");
    registry.onCreatedNotification("s1", "p1");

    assertThat(factory.calls()).isEqualTo(1);
    assertThat(registry.live("s1")).isSameAs(answered);
    assertThat(registry.liveCount()).isEqualTo(1);
  }

  @Test
  void duplicateNotificationsBuildTheSessionOnce() {
    registry.putPending(factory.pending("p1"));

    registry.onCreatedNotification("s1", "p1");
    registry.onCreatedNotification("s1", "p1");
    SessionEndpoint answered = registry.onCreateResponse("p1", "s1");
    registry.onCreatedNotification("s1", "p1");

    assertThat(factory.calls()).isEqualTo(1);
    assertThat(answered).isSameAs(factory.only("s1"));
    assertThat(registry.liveCount()).isEqualTo(1);
  }

  @Test
  void aSecondNotificationNamingAnotherIdKeepsTheFirst() {
    registry.putPending(factory.pending("p1"));

    registry.onCreatedNotification("s1", "p1");
    registry.onCreatedNotification("s9", "p1");

    assertThat(factory.calls()).isEqualTo(1);
    assertThat(registry.live("s9")).isNull();
    assertThat(registry.onCreateResponse("p1", "s1")).isSameAs(factory.only("s1"));
  }

  @Test
  void notificationForAnUnknownProvisionalIdOrWithoutOneChangesNothing() {
    registry.putPending(factory.pending("p1"));

    registry.onCreatedNotification("s1", "someone-else");
    registry.onCreatedNotification("s1", null);

    assertThat(factory.calls()).isZero();
    assertThat(registry.liveCount()).isZero();
    assertThat(registry.pendingCount()).isEqualTo(1);
    assertThat(registry.earlyCount()).isZero();
  }

  // ---------------------------------------------------------------- early events

  @Test
  void eventsBeforeTheNotificationAreReplayedInWireOrderExactlyOnce() {
    registry.putPending(factory.pending("p1"));
    registry.onEvent("s1", event("e1"));
    registry.onEvent("s1", event("e2"));
    registry.onEvent("s1", event("e3"));
    assertThat(registry.earlyEventCount("s1")).isEqualTo(3);

    registry.onCreatedNotification("s1", "p1");
    FakeEndpoint built = factory.only("s1");
    assertThat(built.delivered).containsExactly("e1", "e2", "e3");
    assertThat(registry.earlyCount()).isZero();

    registry.onCreatedNotification("s1", "p1");
    registry.onCreateResponse("p1", "s1");
    registry.onEvent("s1", event("e4"));

    assertThat(built.delivered).as("no replay twice").containsExactly("e1", "e2", "e3", "e4");
  }

  @Test
  void eventsBeforeTheResponseAreReplayedInWireOrderExactlyOnce() {
    registry.putPending(factory.pending("p1"));
    registry.onEvent("s1", event("e1"));
    registry.onEvent("s1", event("e2"));

    SessionEndpoint answered = registry.onCreateResponse("p1", "s1");
    registry.onCreatedNotification("s1", "p1");
    registry.onEvent("s1", event("e3"));

    assertThat(((FakeEndpoint) answered).delivered).containsExactly("e1", "e2", "e3");
    assertThat(registry.earlyCount()).isZero();
  }

  @Test
  void eventsForOtherIdsAreNotReplayedIntoTheSession() {
    registry.putPending(factory.pending("p1"));
    registry.onEvent("s2", event("x1"));
    registry.onEvent("s1", event("e1"));

    registry.onCreatedNotification("s1", "p1");

    assertThat(factory.only("s1").delivered).containsExactly("e1");
    assertThat(registry.earlyEventCount("s2")).isEqualTo(1);
  }

  @Test
  void eventsAfterMaterializationGoStraightThrough() {
    registry.putPending(factory.pending("p1"));
    registry.onCreatedNotification("s1", "p1");
    FakeEndpoint built = factory.only("s1");

    registry.onEvent("s1", event("e1"));
    assertThat(built.delivered).containsExactly("e1");
    assertThat(registry.earlyCount()).isZero();

    registry.onCreateResponse("p1", "s1");
    registry.onEvent("s1", event("e2"));
    assertThat(built.delivered).containsExactly("e1", "e2");
    assertThat(registry.earlyCount()).isZero();
  }

  @Test
  void overflowDropsTheOldestAndKeepsTheNewest() {
    registry.putPending(factory.pending("p1"));
    for (int i = 1; i <= EARLY_LIMIT + 3; i++) {
      registry.onEvent("s1", event("e" + i));
    }
    assertThat(registry.earlyEventCount("s1")).isEqualTo(EARLY_LIMIT);

    registry.onCreatedNotification("s1", "p1");

    // 7 sent, 4 kept: e1..e3 dropped
    assertThat(factory.only("s1").delivered).containsExactly("e4", "e5", "e6", "e7");
  }

  @Test
  void earlyBuffersExpireAfterTheTtl() {
    registry.onEvent("old", event("o1"));
    now.addAndGet(TTL.toNanos() / 2);
    registry.onEvent("young", event("y1"));
    registry.onEvent("old", event("o2")); // a later event does not extend the buffer's life

    now.addAndGet(TTL.toNanos() / 2 - 1);
    assertThat(registry.expireEarly()).as("one nanosecond short of the ttl").isEqualTo(2);

    now.addAndGet(1);
    assertThat(registry.expireEarly()).isEqualTo(1);
    assertThat(registry.earlyEventCount("old")).isZero();
    assertThat(registry.earlyEventCount("young")).isEqualTo(1);

    FakeEndpoint late = new FakeEndpoint("old");
    registry.putLive("old", late);
    assertThat(late.delivered).as("expired events are not replayed").isEmpty();

    now.addAndGet(TTL.toNanos());
    assertThat(registry.expireEarly()).isZero();
    registry.removeLive("old", late);
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void moreUnknownIdsThanTheLimitEvictTheOldestBuffer() {
    for (int i = 1; i <= MAX_EARLY_IDS; i++) {
      registry.onEvent("u" + i, event("u" + i + "-a"));
    }
    registry.onEvent("u1", event("u1-b")); // adding to an existing buffer evicts nothing
    assertThat(registry.earlyCount()).isEqualTo(MAX_EARLY_IDS);

    registry.onEvent("u4", event("u4-a"));

    assertThat(registry.earlyCount()).isEqualTo(MAX_EARLY_IDS);
    assertThat(registry.earlyEventCount("u1")).as("the oldest buffer went").isZero();
    assertThat(registry.earlyEventCount("u2")).isEqualTo(1);
    assertThat(registry.earlyEventCount("u4")).isEqualTo(1);

    FakeEndpoint u2 = new FakeEndpoint("u2");
    registry.putLive("u2", u2);
    assertThat(u2.delivered).containsExactly("u2-a");
  }

  @Test
  void aNewUnknownIdFirstExpiresStaleBuffersRatherThanEvictingAFreshOne() {
    registry.onEvent("u1", event("u1-a"));
    now.addAndGet(TTL.toNanos());
    registry.onEvent("u2", event("u2-a"));
    registry.onEvent("u3", event("u3-a"));

    registry.onEvent("u4", event("u4-a"));

    assertThat(registry.earlyEventCount("u1")).isZero();
    assertThat(registry.earlyEventCount("u2")).isEqualTo(1);
    assertThat(registry.earlyEventCount("u3")).isEqualTo(1);
    assertThat(registry.earlyEventCount("u4")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- failures

  @Test
  void failBeforeMaterializationRemovesThePendingEntry() {
    registry.putPending(factory.pending("p1"));

    registry.failPending("p1", new CopilotException("timed out"));

    assertThat(registry.isEmpty()).isTrue();
    registry.onCreatedNotification("s1", "p1"); // a late notification builds nothing
    assertThat(factory.calls()).isZero();
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void failAfterTheNotificationRemovesTheBuiltSessionAndTerminatesIt() {
    registry.putPending(factory.pending("p1"));
    registry.onEvent("s1", event("e1"));
    registry.onCreatedNotification("s1", "p1");
    FakeEndpoint built = factory.only("s1");
    CopilotException cause = new CopilotException("error response");

    registry.failPending("p1", cause);

    assertThat(built.terminations).containsExactly(cause);
    assertThat(registry.live("s1")).isNull();
    assertThat(registry.isEmpty()).isTrue();

    registry.onEvent("s1", event("e2"));
    assertThat(built.delivered).as("nothing reaches a failed session").containsExactly("e1");
  }

  @Test
  void eventsForAnIdTheFailedCreateNeverLearnedExpireWithTheTtl() {
    registry.putPending(factory.pending("p1"));
    registry.onEvent("s1", event("e1")); // the registry cannot know s1 belongs to p1 yet

    registry.failPending("p1", new CopilotException("timed out"));

    assertThat(registry.pendingCount()).isZero();
    assertThat(registry.liveCount()).isZero();
    assertThat(registry.earlyEventCount("s1")).isEqualTo(1);
    now.addAndGet(TTL.toNanos());
    assertThat(registry.expireEarly()).isZero();
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void failAfterASuccessfulResponseIsANoOp() {
    registry.putPending(factory.pending("p1"));
    SessionEndpoint answered = registry.onCreateResponse("p1", "s1");

    registry.failPending("p1", new CopilotException("late"));

    assertThat(((FakeEndpoint) answered).terminations).isEmpty();
    assertThat(registry.live("s1")).isSameAs(answered);
  }

  @Test
  void aResponseForAFailedCreateThrowsAndRegistersNothing() {
    registry.putPending(factory.pending("p1"));
    registry.failPending("p1", new CopilotException("timed out"));

    assertThatThrownBy(() -> registry.onCreateResponse("p1", "s1"))
        .isInstanceOf(CopilotException.class)
        .hasMessageContaining("p1");

    assertThat(factory.calls()).isZero();
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void aResponseNamingAnotherIdThanTheNotificationAbandonsTheCreate() {
    registry.putPending(factory.pending("p1"));
    registry.onCreatedNotification("s1", "p1");
    registry.onEvent("s2", event("x1"));
    FakeEndpoint built = factory.only("s1");

    assertThatThrownBy(() -> registry.onCreateResponse("p1", "s2"))
        .isInstanceOf(CopilotException.class)
        .hasMessageContaining("s1")
        .hasMessageContaining("s2");

    assertThat(built.terminations).hasSize(1);
    assertThat(factory.calls()).isEqualTo(1);
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void theFactoryThatThrowsLeavesNoLiveEntry() {
    registry.putPending(new PendingCreate("p1", id -> {
      throw new IllegalStateException("boom");
    }));

    assertThatThrownBy(() -> registry.onCreatedNotification("s1", "p1")).isInstanceOf(IllegalStateException.class);
    assertThat(registry.liveCount()).isZero();

    registry.failPending("p1", new CopilotException("gave up"));
    assertThat(registry.isEmpty()).isTrue();
  }

  // ---------------------------------------------------------------- live sessions

  @Test
  void putLiveReplaysEarlyEventsForThatId() {
    registry.onEvent("local", event("e1"));
    registry.onEvent("local", event("e2"));
    FakeEndpoint session = new FakeEndpoint("local");

    registry.putLive("local", session);

    assertThat(session.delivered).containsExactly("e1", "e2");
    assertThat(registry.earlyCount()).isZero();
  }

  @Test
  void putLiveOfADuplicateIdThrowsAndKeepsTheFirst() {
    FakeEndpoint first = new FakeEndpoint("s1");
    registry.putLive("s1", first);

    assertThatThrownBy(() -> registry.putLive("s1", new FakeEndpoint("s1")))
        .isInstanceOf(CopilotException.class)
        .hasMessageContaining("s1");

    assertThat(registry.live("s1")).isSameAs(first);
  }

  @Test
  void putPendingOfADuplicateProvisionalIdThrows() {
    registry.putPending(factory.pending("p1"));

    assertThatThrownBy(() -> registry.putPending(factory.pending("p1"))).isInstanceOf(CopilotException.class)
        .hasMessageContaining("clientSessionId p1 is already in flight");
    assertThat(registry.pendingCount()).isEqualTo(1);
  }

  @Test
  void clearTerminatesEveryLiveSessionAndEmptiesEverything() {
    FakeEndpoint local = new FakeEndpoint("local");
    registry.putLive("local", local);
    registry.putPending(factory.pending("p1"));
    registry.onCreatedNotification("s1", "p1");
    registry.putPending(factory.pending("p2"));
    registry.onEvent("s3", event("x"));
    CopilotException cause = new CopilotException("stopped");

    registry.clear(cause);

    assertThat(local.terminations).containsExactly(cause);
    assertThat(factory.only("s1").terminations).containsExactly(cause);
    assertThat(registry.isEmpty()).isTrue();
    assertThatThrownBy(() -> registry.onCreateResponse("p2", "s2")).isInstanceOf(CopilotException.class);
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void removeLiveRemovesOnlyTheSameEndpoint() {
    FakeEndpoint current = new FakeEndpoint("s1");
    registry.putLive("s1", current);

    registry.removeLive("s1", new FakeEndpoint("s1"));
    assertThat(registry.live("s1")).isSameAs(current);

    registry.removeLive("s1", current);
    assertThat(registry.live("s1")).isNull();
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void anEventForALiveSessionIsDeliveredOnTheCallingThreadWithoutTheLock() throws Exception {
    FakeEndpoint live = new FakeEndpoint("live");
    registry.putLive("live", live);
    // a factory that blocks holds the registry's lock: the fast path must not need it
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    registry.putPending(new PendingCreate("p1", id -> {
      building.countDown();
      await(release);
      return new FakeEndpoint(id);
    }));
    // own threads, not the common pool: on a small machine it has one thread and would queue the caller
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> materializing = threads.submit(() -> registry.onCreatedNotification("s1", "p1"));
      try {
        assertThat(building.await(5, TimeUnit.SECONDS)).isTrue();

        Future<Thread> caller = threads.submit(() -> {
          registry.onEvent("live", event("e1"));
          return Thread.currentThread();
        });

        assertThat(caller.get(5, TimeUnit.SECONDS)).isSameAs(live.threads.get(0));
        assertThat(live.delivered).containsExactly("e1");
      } finally {
        release.countDown();
      }
      materializing.get(5, TimeUnit.SECONDS);
      assertThat(registry.live("s1")).isNotNull();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> new SessionRegistry(0, 1, TTL, now::get)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionRegistry(1, 0, TTL, now::get)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- the invariant

  /**
   * Two cloud creates (p1 → s1, p2 → s2) with notifications (0–3 copies), a response or a failure (or a
   * late failure after the response), and events, merged in a random order per seed. Whatever the order:
   * a session that materializes gets every one of its events exactly once in wire order; a failed create
   * leaves nothing but events the registry could not attribute, and those expire.
   */
  @Test
  void randomInterleavingsKeepTheInvariant() {
    for (long seed = 1; seed <= 500; seed++) {
      runInterleaving(seed);
    }
  }

  private void runInterleaving(long seed) {
    Random random = new Random(seed);
    AtomicLong clock = new AtomicLong();
    // the buffer is big enough that overflow (tested above) does not blur the exactly-once check
    SessionRegistry reg = new SessionRegistry(64, 8, TTL, clock::get);
    Factory builds = new Factory();
    String[] provisional = {"p1", "p2"};
    String[] real = {"s1", "s2"};

    List<List<Step>> perCreate = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      List<Step> steps = new ArrayList<>();
      int notifications = random.nextInt(4);
      for (int n = 0; n < notifications; n++) {
        steps.add(new Step(Kind.NOTIFY, c));
      }
      int events = random.nextInt(8);
      for (int e = 0; e < events; e++) {
        steps.add(new Step(Kind.EVENT, c));
      }
      switch (random.nextInt(4)) {
        case 0 -> steps.add(new Step(Kind.FAIL, c)); // error response or timeout, no answer
        case 1 -> {
          steps.add(new Step(Kind.FAIL, c)); // timed out, then the answer comes late
          steps.add(new Step(Kind.RESPOND, c));
        }
        default -> {
          steps.add(new Step(Kind.RESPOND, c));
          if (random.nextBoolean()) {
            steps.add(new Step(Kind.FAIL, c)); // a failure racing a success: must be a no-op
          }
        }
      }
      // the response and failure keep their relative order; everything else is shuffled around them
      List<Step> ordered = new ArrayList<>(steps);
      Collections.shuffle(ordered, random);
      List<Step> outcome = steps.stream().filter(s -> s.kind == Kind.FAIL || s.kind == Kind.RESPOND).toList();
      int next = 0;
      for (int i = 0; i < ordered.size(); i++) {
        Step s = ordered.get(i);
        if (s.kind == Kind.FAIL || s.kind == Kind.RESPOND) {
          ordered.set(i, outcome.get(next++));
        }
      }
      perCreate.add(ordered);
    }
    List<Step> wire = merge(perCreate.get(0), perCreate.get(1), random);

    Map<Integer, List<String>> sent = new HashMap<>(Map.of(0, new ArrayList<>(), 1, new ArrayList<>()));
    boolean[] failed = new boolean[2];
    boolean[] succeeded = new boolean[2];
    Map<Integer, Long> sentAfterFailure = new HashMap<>(Map.of(0, 0L, 1, 0L));
    for (PendingCreate pending : List.of(builds.pending("p1"), builds.pending("p2"))) {
      reg.putPending(pending);
    }
    String context = "seed " + seed + " wire " + wire;
    for (Step step : wire) {
      int c = step.create;
      switch (step.kind) {
        case NOTIFY -> reg.onCreatedNotification(real[c], provisional[c]);
        case EVENT -> {
          String id = real[c] + "-e" + sent.get(c).size();
          sent.get(c).add(id);
          if (failed[c]) {
            sentAfterFailure.merge(c, 1L, Long::sum);
          }
          reg.onEvent(real[c], event(id));
        }
        case FAIL -> {
          reg.failPending(provisional[c], new CopilotException("failed"));
          if (!succeeded[c]) {
            failed[c] = true;
            assertThat(reg.live(real[c])).as(context).isNull();
          }
        }
        case RESPOND -> {
          if (failed[c]) {
            int before = builds.calls();
            int live = reg.liveCount();
            int c2 = c;
            assertThatThrownBy(() -> reg.onCreateResponse(provisional[c2], real[c2])).as(context)
                .isInstanceOf(CopilotException.class);
            assertThat(builds.calls()).as(context).isEqualTo(before);
            assertThat(reg.liveCount()).as(context).isEqualTo(live);
          } else {
            assertThat(reg.onCreateResponse(provisional[c], real[c])).as(context).isSameAs(builds.only(real[c]));
            succeeded[c] = true;
          }
        }
      }
    }

    for (int c = 0; c < 2; c++) {
      String id = real[c];
      List<FakeEndpoint> built = builds.built.getOrDefault(id, List.of());
      assertThat(built).as("built at most once; " + context).hasSizeLessThanOrEqualTo(1);
      if (succeeded[c]) {
        FakeEndpoint session = built.get(0);
        assertThat(session.delivered).as("exactly once, in wire order; " + context).isEqualTo(sent.get(c));
        assertThat(session.terminations).as(context).isEmpty();
        assertThat(reg.live(id)).as(context).isSameAs(session);
      } else {
        assertThat(failed[c]).as(context).isTrue();
        assertThat(reg.live(id)).as(context).isNull();
        if (!built.isEmpty()) {
          FakeEndpoint session = built.get(0);
          assertThat(session.terminations).as("terminated once; " + context).hasSize(1);
          assertThat(session.deliveredAfterTermination).as(context).isZero();
          // until it failed it got every event exactly once and in order
          int beforeFailure = (int) (sent.get(c).size() - sentAfterFailure.get(c));
          assertThat(session.delivered).as(context).isEqualTo(sent.get(c).subList(0, beforeFailure));
          // after the failure its events are unattributable and wait for the ttl
          assertThat((long) reg.earlyEventCount(id)).as(context).isEqualTo(sentAfterFailure.get(c));
        } else {
          // never built: the registry could not tie these events to the create
          assertThat(reg.earlyEventCount(id)).as(context).isEqualTo(sent.get(c).size());
        }
      }
    }
    assertThat(reg.pendingCount()).as(context).isZero();

    for (int c = 0; c < 2; c++) {
      SessionEndpoint session = reg.live(real[c]);
      if (session != null) {
        reg.removeLive(real[c], session);
      }
    }
    clock.addAndGet(TTL.toNanos());
    reg.expireEarly();
    assertThat(reg.isEmpty()).as(context).isTrue();
  }

  private static List<Step> merge(List<Step> a, List<Step> b, Random random) {
    List<Step> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      boolean takeA = j >= b.size() || (i < a.size() && random.nextBoolean());
      out.add(takeA ? a.get(i++) : b.get(j++));
    }
    return out;
  }

  private enum Kind { NOTIFY, EVENT, RESPOND, FAIL }

  private record Step(Kind kind, int create) {
    @Override
    public String toString() {
      return kind.name().charAt(0) + "" + (create + 1);
    }
  }

  // ---------------------------------------------------------------- fakes

  static ObjectNode event(String id) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", "session.info");
    event.putObject("data").put("infoType", "test").put("message", id);
    event.put("id", id);
    event.put("timestamp", "2026-01-01T00:00:00Z");
    event.putNull("parentId");
    return event;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records what the registry delivers and terminates. */
  static final class FakeEndpoint implements SessionEndpoint {
    final String id;
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<CopilotException> terminations = new CopyOnWriteArrayList<>();
    volatile int deliveredAfterTermination;

    FakeEndpoint(String id) {
      this.id = id;
    }

    @Override
    public void deliver(JsonNode event) {
      if (!terminations.isEmpty()) {
        deliveredAfterTermination++;
      }
      delivered.add(event.path("id").asText());
      threads.add(Thread.currentThread());
    }

    @Override
    public void terminate(CopilotException cause) {
      terminations.add(cause);
    }
  }

  /** Builds fake endpoints and counts how often each id was built. */
  static final class Factory {
    final Map<String, List<FakeEndpoint>> built = new LinkedHashMap<>();

    PendingCreate pending(String provisionalId) {
      return new PendingCreate(provisionalId, id -> {
        FakeEndpoint endpoint = new FakeEndpoint(id);
        built.computeIfAbsent(id, k -> new ArrayList<>()).add(endpoint);
        return endpoint;
      });
    }

    int calls() {
      return built.values().stream().mapToInt(List::size).sum();
    }

    FakeEndpoint only(String id) {
      List<FakeEndpoint> list = built.getOrDefault(id, List.of());
      assertThat(list).as("sessions built for " + id).hasSize(1);
      return list.get(0);
    }
  }
}
