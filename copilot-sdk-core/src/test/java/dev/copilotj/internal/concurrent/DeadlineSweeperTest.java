package dev.copilotj.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineSweeperTest {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final Map<String, Long> deadlines = new ConcurrentHashMap<>();
  private final Map<String, Long> expiredAt = new ConcurrentHashMap<>();
  private final AtomicInteger sweeps = new AtomicInteger();
  private final DeadlineSweeper sweeper = new DeadlineSweeper(timer, this::sweep);

  {
    timer.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  private long sweep(long now) {
    sweeps.incrementAndGet();
    long next = DeadlineSweeper.NONE;
    for (Map.Entry<String, Long> entry : deadlines.entrySet()) {
      if (entry.getValue() <= now) {
        deadlines.remove(entry.getKey());
        expiredAt.put(entry.getKey(), now);
      } else {
        next = Math.min(next, entry.getValue());
      }
    }
    return next;
  }

  private void add(String name, Duration timeout) {
    long deadline = DeadlineSweeper.deadline(System.nanoTime(), timeout.toNanos());
    deadlines.put(name, deadline);
    sweeper.watch(deadline);
  }

  @Test
  void increasingDeadlinesShareOneTimerTask() {
    for (int i = 0; i < 1000; i++) {
      add("r" + i, Duration.ofMinutes(1).plusNanos(i));
    }
    assertThat(timer.getQueue()).hasSize(1);
    assertThat(sweeps).hasValue(0);
  }

  @Test
  void anEarlierDeadlineReplacesTheArmedTask() {
    add("late", Duration.ofMinutes(1));
    add("soon", Duration.ofMillis(50));
    assertThat(timer.getQueue()).hasSize(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> expiredAt.containsKey("soon"));
    assertThat(expiredAt).doesNotContainKey("late");
    // the sweep named the next deadline, so the timer is armed for it again
    await().atMost(Duration.ofSeconds(5)).until(() -> timer.getQueue().size() == 1);
    assertThat(((java.util.concurrent.Delayed) timer.getQueue().peek()).getDelay(TimeUnit.SECONDS)).isBetween(50L, 60L);
  }

  @Test
  void everyDeadlineExpiresNoEarlierThanItsTime() {
    long start = System.nanoTime();
    for (int i = 1; i <= 20; i++) {
      add("r" + i, Duration.ofMillis(10L * i));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> expiredAt.size() == 20);
    for (int i = 1; i <= 20; i++) {
      assertThat(expiredAt.get("r" + i) - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10L * i));
    }
    assertThat(deadlines).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> timer.getQueue().isEmpty());
  }

  @Test
  void deadlinesAddedWhileASweepRunsAreNotLost() throws InterruptedException {
    Thread adder = new Thread(() -> {
      for (int i = 0; i < 2000; i++) {
        add("r" + i, Duration.ofMillis(i % 7));
      }
    });
    adder.start();
    adder.join();
    await().atMost(Duration.ofSeconds(10)).until(() -> expiredAt.size() == 2000);
  }

  @Test
  void closeCancelsTheArmedTaskAndIgnoresLaterWatches() {
    add("r", Duration.ofMinutes(1));
    sweeper.close();
    assertThat(timer.getQueue()).isEmpty();
    add("after", Duration.ofMillis(1));
    assertThat(timer.getQueue()).isEmpty();
  }

  @Test
  void hugeTimeoutsDoNotOverflow() {
    long now = System.nanoTime();
    assertThat(DeadlineSweeper.deadline(now, Long.MAX_VALUE)).isEqualTo(now + TimeUnit.DAYS.toNanos(100));
    assertThat(DeadlineSweeper.deadline(now, -5)).isEqualTo(now);
  }
}
