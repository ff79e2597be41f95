package dev.copilotj.internal.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UserMessageEvent;
import dev.copilotj.turn.TurnEnded;
import dev.copilotj.turn.TurnEvent;
import dev.copilotj.turn.TurnListener;
import dev.copilotj.turn.TurnOutcome;
import dev.copilotj.turn.TurnStarted;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any sequence of a session's events, with the session terminated anywhere or not at all, gives matched turns: they
 * alternate started / ended, never overlap, and each end reports what happened since its start.
 */
class TurnTrackerPropertyTest {

  @Property(tries = 500)
  void anyEventSequenceGivesMatchedTurnsThatReportWhatHappened(@ForAll("steps") List<Integer> steps) {
    long[] clock = {0};
    TurnTracker tracker = new TurnTracker("s1", () -> clock[0]);
    List<TurnEvent> heard = new ArrayList<>();
    List<TurnListener> listeners = List.of(heard::add);
    Model model = new Model();
    boolean terminated = false;

    for (int step : steps) {
      int op = step % 10;
      clock[0] += (step / 10) % 1000;
      if (op == 9) {
        tracker.terminate("client.terminated", "gone", listeners);
        model.terminate(clock[0]);
        terminated = true;
        continue;
      }
      SessionEvent event = event(op, step);
      tracker.accept(event, listeners);
      model.accept(op, event, clock[0], terminated);
      assertThat(tracker.isOpen()).isEqualTo(model.open);
    }

    assertThat(heard).hasSameSizeAs(model.expected);
    for (int i = 0; i < heard.size(); i++) {
      assertThat(heard.get(i)).as("turn event %d", i).isInstanceOf(i % 2 == 0 ? TurnStarted.class : TurnEnded.class);
      assertThat(heard.get(i)).isEqualTo(model.expected.get(i));
    }
  }

  @Provide
  Arbitrary<List<Integer>> steps() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(60);
  }

  private static SessionEvent event(int op, int step) {
    return switch (op) {
      case 0 -> TurnEvents.userMessage("s1", "p" + step);
      case 1 -> TurnEvents.turnStart("s1");
      case 2 -> TurnEvents.toolStart("s1", "c" + step, step % 3 == 0 ? null : "m" + (step % 2));
      case 3 -> TurnEvents.usage("s1", step % 4 == 0 ? "" : "m" + (step % 2), step % 100, step % 7);
      case 4 -> TurnEvents.answer("s1", step % 3 == 0 ? "" : "a" + step);
      case 5 -> TurnEvents.error("s1", step % 5 == 0 ? "" : "query");
      case 6 -> TurnEvents.turnEnd("s1");
      default -> TurnEvents.idle("s1");
    };
  }

  /** The rules written out a second way: what a listener should have heard. */
  private static final class Model {
    final List<TurnEvent> expected = new ArrayList<>();
    boolean open;
    long start;
    String model;
    long in;
    long out;
    int modelCalls;
    int toolCalls;
    String errorType;
    String errorMessage;
    String prompt;
    String completion;

    void accept(int op, SessionEvent event, long now, boolean terminated) {
      boolean begins = op == 0 || op == 1 || op == 2;
      if (!open) {
        if (!begins || terminated) {
          return;
        }
        open = true;
        start = now;
        model = null;
        in = 0;
        out = 0;
        modelCalls = 0;
        toolCalls = 0;
        errorType = null;
        errorMessage = null;
        prompt = null;
        completion = null;
        expected.add(new TurnStarted("s1",
            event instanceof UserMessageEvent user ? user.content() : null));
      }
      if (event instanceof UserMessageEvent user) {
        if (prompt == null) {
          prompt = user.content();
        }
      } else if (event instanceof ToolExecutionStartEvent tool) {
        toolCalls++;
        model(tool.model());
      } else if (event instanceof AssistantUsageEvent usage) {
        in += usage.inputTokens();
        out += usage.outputTokens();
        modelCalls++;
        model(usage.model());
      } else if (event instanceof AssistantMessageEvent message) {
        model(message.model());
        if (!message.content().isEmpty()) {
          completion = message.content();
        }
      } else if (event instanceof SessionErrorEvent error) {
        errorType = error.errorType();
        errorMessage = error.message();
      } else if (event instanceof SessionIdleEvent) {
        end(now, errorType == null ? TurnOutcome.SUCCESS : TurnOutcome.ERROR);
      }
    }

    void terminate(long now) {
      if (open) {
        errorType = "client.terminated";
        errorMessage = "gone";
        end(now, TurnOutcome.TERMINATED);
      }
    }

    private void model(String reported) {
      if (model == null && reported != null && !reported.isBlank()) {
        model = reported;
      }
    }

    private void end(long now, TurnOutcome outcome) {
      open = false;
      boolean ok = outcome == TurnOutcome.SUCCESS;
      expected.add(new TurnEnded("s1", outcome, Duration.ofNanos(now - start), model, in, out, modelCalls,
          toolCalls, ok ? null : errorType, ok ? null : errorMessage, prompt, completion));
    }
  }
}
