package dev.copilotj.internal.turn;

import static dev.copilotj.internal.turn.TurnEvents.answer;
import static dev.copilotj.internal.turn.TurnEvents.error;
import static dev.copilotj.internal.turn.TurnEvents.idle;
import static dev.copilotj.internal.turn.TurnEvents.toolStart;
import static dev.copilotj.internal.turn.TurnEvents.turnEnd;
import static dev.copilotj.internal.turn.TurnEvents.turnStart;
import static dev.copilotj.internal.turn.TurnEvents.usage;
import static dev.copilotj.internal.turn.TurnEvents.userMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.copilotj.event.SessionEvent;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnEvent;
import dev.copilotj.turn.TurnListener;
import dev.copilotj.turn.TurnOutcome;
import dev.copilotj.turn.TurnStarted;
import org.junit.jupiter.api.Test;

/** The turn rules, fed with synthetic events of one session. */
class TurnTrackerTest {

  private long nanos;
  private final TurnTracker tracker = new TurnTracker("s1", () -> nanos);
  private final List<TurnEvent> heard = new CopyOnWriteArrayList<>();
  private final List<TurnListener> listeners = new CopyOnWriteArrayList<>(List.of(heard::add));

  private void feed(SessionEvent event) {
    tracker.accept(event, listeners);
  }

  private void advance(Duration duration) {
    nanos += duration.toNanos();
  }

  private TurnEnded ended() {
    assertThat(heard).hasSize(2);
    assertThat(heard.get(0)).isInstanceOf(TurnStarted.class);
    return (TurnEnded) heard.get(1);
  }

  @Test
  void aTurnRunsFromTheUserMessageToSessionIdleAcrossModelTurns() {
    feed(userMessage("s1", "hello"));
    assertThat(heard).containsExactly(new TurnStarted("s1", "hello"));
    assertThat(tracker.isOpen()).isTrue();
    advance(Duration.ofMillis(300));
    feed(turnStart("s1"));
    advance(Duration.ofMillis(200));
    feed(turnEnd("s1"));
    feed(turnStart("s1"));
    advance(Duration.ofMillis(500));
    feed(idle("s1"));

    TurnEnded ended = ended();
    assertThat(ended.outcome()).isEqualTo(TurnOutcome.SUCCESS);
    assertThat(ended.failed()).isFalse();
    assertThat(ended.duration()).isEqualTo(Duration.ofMillis(1000));
    assertThat(ended.errorType()).isNull();
    assertThat(ended.prompt()).isEqualTo("hello");
    assertThat(tracker.isOpen()).isFalse();
  }

  @Test
  void aTurnSeenMidWayStartsAtTheModelTurnOrToolCall() {
    feed(turnStart("s1"));
    advance(Duration.ofMillis(40));
    feed(idle("s1"));
    feed(toolStart("s1", "c1", null));
    feed(idle("s1"));

    assertThat(heard).hasSize(4);
    assertThat(heard.get(0)).isEqualTo(new TurnStarted("s1", null));
    assertThat(((TurnEnded) heard.get(1)).duration()).isEqualTo(Duration.ofMillis(40));
    assertThat(heard.get(2)).isEqualTo(new TurnStarted("s1", null));
    assertThat(((TurnEnded) heard.get(3)).toolCalls()).isEqualTo(1);
  }

  @Test
  void eventsOfAnIdleSessionBeginNothing() {
    feed(usage("s1", "gpt-5", 10, 1));
    feed(answer("s1", "late"));
    feed(error("s1", "query"));
    feed(idle("s1"));

    assertThat(heard).isEmpty();
    assertThat(tracker.isOpen()).isFalse();
  }

  @Test
  void collectsTheFirstModelTheTokenTotalsAndTheLastNonEmptyAnswer() {
    feed(userMessage("s1", "what is 2+2?"));
    feed(turnStart("s1"));
    feed(toolStart("s1", "c1", null));
    feed(usage("s1", "claude-sonnet-4.5", 100, 7));
    feed(turnStart("s1"));
    feed(usage("s1", "gpt-5", 150, 12));
    feed(userMessage("s1", "and 3+3?"));
    feed(answer("s1", "4"));
    feed(answer("s1", ""));
    feed(idle("s1"));

    TurnEnded ended = ended();
    assertThat(ended.model()).isEqualTo("claude-sonnet-4.5");
    assertThat(ended.inputTokens()).isEqualTo(250);
    assertThat(ended.outputTokens()).isEqualTo(19);
    assertThat(ended.modelCalls()).isEqualTo(2);
    assertThat(ended.toolCalls()).isEqualTo(1);
    assertThat(ended.prompt()).isEqualTo("what is 2+2?");
    assertThat(ended.completion()).isEqualTo("4");
  }

  @Test
  void aSessionErrorFailsTheTurnThatTheIdleThenEnds() {
    feed(userMessage("s1", "hello"));
    feed(error("s1", "query"));
    assertThat(heard).hasSize(1);
    feed(idle("s1"));

    TurnEnded ended = ended();
    assertThat(ended.outcome()).isEqualTo(TurnOutcome.ERROR);
    assertThat(ended.failed()).isTrue();
    assertThat(ended.errorType()).isEqualTo("query");
    assertThat(ended.errorMessage()).isEqualTo("Execution failed");
    assertThat(ended.model()).isNull();
  }

  @Test
  void terminationEndsAnOpenTurnAtOnceAndNothingBeginsAfterIt() {
    feed(userMessage("s1", "hello"));
    advance(Duration.ofMillis(7));
    tracker.terminate("client.terminated", "Session s1 was closed.", listeners);
    feed(userMessage("s1", "in flight"));
    feed(idle("s1"));

    TurnEnded ended = ended();
    assertThat(ended.outcome()).isEqualTo(TurnOutcome.TERMINATED);
    assertThat(ended.errorType()).isEqualTo("client.terminated");
    assertThat(ended.errorMessage()).isEqualTo("Session s1 was closed.");
    assertThat(ended.duration()).isEqualTo(Duration.ofMillis(7));
    assertThat(tracker.isOpen()).isFalse();
  }

  @Test
  void terminationOfAnIdleSessionEndsNothing() {
    feed(userMessage("s1", "hello"));
    feed(idle("s1"));
    tracker.terminate("client.terminated", "closed", listeners);

    assertThat(ended().outcome()).isEqualTo(TurnOutcome.SUCCESS);
  }

  @Test
  void aListenerThatThrowsDoesNotKeepTheOthersFromHearing() {
    listeners.add(0, event -> {
      throw new IllegalStateException("broken listener");
    });
    feed(userMessage("s1", "hello"));
    feed(idle("s1"));

    assertThat(ended().outcome()).isEqualTo(TurnOutcome.SUCCESS);
  }

  @Test
  void aTerminationRacingTheReaderStillGivesMatchedTurnsAndNothingAfterIt() throws Exception {
    for (int round = 0; round < 200; round++) {
      TurnTracker raced = new TurnTracker("s1", System::nanoTime);
      List<TurnEvent> events = new CopyOnWriteArrayList<>();
      List<TurnListener> one = List.of(events::add);
      CountDownLatch go = new CountDownLatch(1);
      Thread reader = new Thread(() -> {
        awaitQuietly(go);
        for (int i = 0; i < 50; i++) {
          raced.accept(userMessage("s1", "p" + i), one);
          raced.accept(idle("s1"), one);
        }
      });
      reader.start();
      go.countDown();
      raced.terminate("client.terminated", "gone", one);
      reader.join(10_000);

      assertThat(reader.isAlive()).isFalse();
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i)).isInstanceOf(i % 2 == 0 ? TurnStarted.class : TurnEnded.class);
      }
      List<TurnOutcome> outcomes = events.stream().filter(TurnEnded.class::isInstance)
          .map(event -> ((TurnEnded) event).outcome()).toList();
      assertThat(outcomes.subList(0, Math.max(0, outcomes.size() - 1))).doesNotContain(TurnOutcome.TERMINATED);
      assertThat(raced.isOpen()).isFalse();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theWireTypesItLooksAtAreTheOnesItActsOn() {
    assertThat(List.of("user.message", "assistant.turn_start", "tool.execution_start", "assistant.usage",
        "assistant.message", "session.error", "session.idle")).allMatch(TurnRules::tracked);
    assertThat(List.of("assistant.message_delta", "assistant.turn_end", "tool.execution_complete",
        "session.usage_info")).noneMatch(TurnRules::tracked);
    assertThat(TurnRules.tracked(null)).isFalse();
  }
}
