package dev.copilotj.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialLaneTest {

  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void shutDownPools() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  @Test
  void keepsEachSubmittersOrderAndNeverRunsTwoTasksOfALaneAtOnce() throws Exception {
    int lanes = 2;
    int submittersPerLane = 4;
    int tasksPerLane = 10_000;
    int perSubmitter = tasksPerLane / submittersPerLane;
    ExecutorService pool = pool(4);
    ExecutorService submitters = pool(lanes * submittersPerLane);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(lanes * tasksPerLane);
    List<LaneRecord> records = new ArrayList<>();

    for (int l = 0; l < lanes; l++) {
      LaneRecord record = new LaneRecord(submittersPerLane);
      records.add(record);
      SerialLane lane = new SerialLane("lane-" + l, pool);
      for (int s = 0; s < submittersPerLane; s++) {
        int submitter = s;
        submitters.execute(() -> {
          awaitQuietly(go);
          for (int i = 0; i < perSubmitter; i++) {
            int seq = i;
            lane.execute(() -> {
              record.run(submitter, seq);
              done.countDown();
            });
          }
        });
      }
    }
    go.countDown();

    assertThat(done.await(10, TimeUnit.SECONDS)).as("all tasks ran").isTrue();
    for (LaneRecord record : records) {
      assertThat(record.overlaps.get()).as("tasks of one lane overlapped").isZero();
      for (int s = 0; s < submittersPerLane; s++) {
        List<Integer> seen = record.bySubmitter.get(s);
        assertThat(seen).hasSize(perSubmitter);
        for (int i = 0; i < perSubmitter; i++) {
          if (seen.get(i) != i) {
            throw new AssertionError("submitter " + s + ": task " + seen.get(i) + " ran at position " + i);
          }
        }
      }
    }
  }

  @Test
  void aBlockedLaneDoesNotBlockAnotherLane() throws Exception {
    ExecutorService pool = pool(2);
    SerialLane slow = new SerialLane("slow", pool);
    SerialLane fast = new SerialLane("fast", pool);
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch fastDone = new CountDownLatch(3);
    AtomicInteger slowRan = new AtomicInteger();

    slow.execute(() -> {
      slowStarted.countDown();
      awaitQuietly(release);
      slowRan.incrementAndGet();
    });
    slow.execute(slowRan::incrementAndGet); // queued behind the blocked task
    assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 3; i++) {
      fast.execute(fastDone::countDown);
    }

    try {
      assertThat(fastDone.await(5, TimeUnit.SECONDS)).as("the other lane ran while one was blocked").isTrue();
      assertThat(slowRan.get()).isZero();
      assertThat(slow.pending()).isEqualTo(1);
    } finally {
      release.countDown();
    }
    awaitUntil(() -> slowRan.get() == 2);
  }

  @Test
  void aBusyLaneYieldsItsThreadToOtherLanes() throws Exception {
    // One pool thread, held by a gate so both lanes queue up before anything runs.
    ExecutorService pool = pool(1);
    CountDownLatch gate = new CountDownLatch(1);
    pool.execute(() -> awaitQuietly(gate));
    SerialLane busy = new SerialLane("busy", pool);
    SerialLane other = new SerialLane("other", pool);
    AtomicInteger busyRan = new AtomicInteger();
    AtomicInteger busyRanWhenOtherRan = new AtomicInteger(-1);
    int busyTasks = 1_000;
    for (int i = 0; i < busyTasks; i++) {
      busy.execute(busyRan::incrementAndGet);
    }
    CountDownLatch otherDone = new CountDownLatch(1);
    other.execute(() -> {
      busyRanWhenOtherRan.set(busyRan.get());
      otherDone.countDown();
    });

    gate.countDown();

    assertThat(otherDone.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(busyRanWhenOtherRan.get()).as("the other lane waited for only part of the busy lane's queue")
        .isBetween(1, busyTasks - 1);
    awaitUntil(() -> busyRan.get() == busyTasks);
  }

  @Test
  void aThrowingTaskDoesNotStopTheLane() throws Exception {
    ExecutorService pool = pool(2);
    SerialLane lane = new SerialLane("throwing", pool);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);

    lane.execute(() -> ran.add(1));
    lane.execute(() -> {
      throw new IllegalStateException("callback bug (expected in this test)");
    });
    lane.execute(() -> {
      throw new AssertionError("an Error too (expected in this test)");
    });
    lane.execute(() -> ran.add(2));
    lane.execute(done::countDown);

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly(1, 2);
    assertThat(lane.pending()).isZero();
  }

  @Test
  void runsOnTheCallerWhenTheExecutorRejects() {
    SerialLane lane = new SerialLane("rejected", task -> {
      throw new RejectedExecutionException("pool is shut down");
    });
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    lane.execute(() -> ranOn.set(Thread.currentThread()));

    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  // ---------------------------------------------------------------- helpers

  private ExecutorService pool(int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, SdkThreads.daemonFactory("lane-test"));
    pools.add(pool);
    return pool;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitUntil(Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(5)).until(condition);
  }

  /** What one lane ran, per submitter; lists are only touched by the lane's tasks, which must not overlap. */
  private static final class LaneRecord {
    final List<List<Integer>> bySubmitter = new ArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();

    LaneRecord(int submitters) {
      for (int i = 0; i < submitters; i++) {
        bySubmitter.add(new ArrayList<>());
      }
    }

    void run(int submitter, int seq) {
      if (running.incrementAndGet() != 1) {
        overlaps.incrementAndGet();
      }
      bySubmitter.get(submitter).add(seq);
      running.decrementAndGet();
    }
  }
}
