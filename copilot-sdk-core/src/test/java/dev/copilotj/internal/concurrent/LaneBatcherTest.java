package dev.copilotj.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneBatcherTest {

  private final AtomicInteger handOffs = new AtomicInteger();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final LaneBatcher batcher = new LaneBatcher();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private SerialLane lane(String name) {
    return new SerialLane(name, task -> {
      handOffs.incrementAndGet();
      pool.execute(task);
    });
  }

  @Test
  void theProducersTasksWaitForTheFlushAndEachLaneIsHandedOverOnce() throws InterruptedException {
    batcher.bindToCurrentThread();
    SerialLane a = lane("a");
    SerialLane b = lane("b");
    List<String> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = i;
      batcher.submit(a, () -> ran.add("a" + n));
      batcher.submit(b, () -> ran.add("b" + n));
    }
    Thread.sleep(50);
    assertThat(ran).isEmpty();
    assertThat(a.isIdle()).isFalse();

    batcher.flush();
    await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 100);
    assertThat(handOffs).hasValue(2);
    assertThat(ran.stream().filter(s -> s.startsWith("a")).toList())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> "a" + i).toList());
    await().atMost(Duration.ofSeconds(5)).until(a::isIdle);
  }

  @Test
  void otherThreadsStartTheLaneAtOnceAndKeepTheOrder() throws Exception {
    SerialLane lane = lane("a");
    List<String> ran = new CopyOnWriteArrayList<>();
    Thread producer = new Thread(() -> {
      batcher.bindToCurrentThread();
      batcher.submit(lane, () -> ran.add("first, from the producer"));
    });
    producer.start();
    producer.join();
    Thread.sleep(20);
    assertThat(ran).isEmpty(); // waits for the producer's flush

    batcher.submit(lane, () -> ran.add("second, from another thread")); // starts the lane: both run, in order
    await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
    assertThat(ran).containsExactly("first, from the producer", "second, from another thread");
  }

  @Test
  void aFlushWithNothingWaitingDoesNothing() {
    batcher.bindToCurrentThread();
    batcher.flush();
    assertThat(handOffs).hasValue(0);
  }
}
