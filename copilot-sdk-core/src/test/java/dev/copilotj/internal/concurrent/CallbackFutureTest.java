package dev.copilotj.internal.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallbackFutureTest {

  private static final String EXECUTOR_THREAD = "callback-exec";
  private static final IllegalStateException FAILURE = new IllegalStateException("source failed");

  private ExecutorService executor;

  @BeforeEach
  void setUp() {
    executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, EXECUTOR_THREAD);
      thread.setDaemon(true);
      return thread;
    });
  }

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
  }

  /** Attaches one dependent stage whose function records the thread it ran on. */
  @FunctionalInterface
  interface Stage extends BiFunction<CompletableFuture<String>, AtomicReference<String>, CompletionStage<?>> {
  }

  static Stream<Arguments> stages() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("other");
    return Stream.of(
        stage("thenApply", false, (f, t) -> f.thenApply(v -> mark(t, v))),
        stage("thenAccept", false, (f, t) -> f.thenAccept(v -> mark(t, v))),
        stage("thenRun", false, (f, t) -> f.thenRun(() -> mark(t, null))),
        stage("thenCombine", false, (f, t) -> f.thenCombine(done, (a, b) -> mark(t, a + b))),
        stage("thenAcceptBoth", false, (f, t) -> f.thenAcceptBoth(done, (a, b) -> mark(t, a))),
        stage("runAfterBoth", false, (f, t) -> f.runAfterBoth(done, () -> mark(t, null))),
        // The other side never completes, so the source decides.
        stage("applyToEither", false, (f, t) -> f.applyToEither(new CompletableFuture<>(), v -> mark(t, v))),
        stage("acceptEither", false, (f, t) -> f.acceptEither(new CompletableFuture<>(), v -> mark(t, v))),
        stage("runAfterEither", false, (f, t) -> f.runAfterEither(new CompletableFuture<>(), () -> mark(t, null))),
        stage("thenCompose", false, (f, t) -> f.thenCompose(v -> CompletableFuture.completedFuture(mark(t, v)))),
        stage("handle", false, (f, t) -> f.handle((v, e) -> mark(t, v))),
        stage("whenComplete", false, (f, t) -> f.whenComplete((v, e) -> mark(t, v))),
        stage("handle (failed)", true, (f, t) -> f.handle((v, e) -> mark(t, e))),
        stage("whenComplete (failed)", true, (f, t) -> f.whenComplete((v, e) -> mark(t, e)).exceptionally(e -> "x")),
        stage("exceptionally", true, (f, t) -> f.exceptionally(e -> mark(t, "recovered"))),
        stage("exceptionallyCompose", true,
            (f, t) -> f.exceptionallyCompose(e -> CompletableFuture.completedFuture(mark(t, "recovered")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void stageRunsOnTheExecutorWhenAttachedBeforeCompletion(String name, boolean fail, Stage stage) throws Exception {
    CallbackFuture<String> source = new CallbackFuture<>(executor);
    AtomicReference<String> ranOn = new AtomicReference<>();
    CompletionStage<?> dependent = stage.apply(source, ranOn);

    // A plain CompletableFuture would run the stage on this completing thread (in the SDK: the reader).
    Thread completer = new Thread(() -> complete(source, fail), "fake-reader");
    completer.start();
    completer.join(5000);

    dependent.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(ranOn.get()).isEqualTo(EXECUTOR_THREAD);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void stageRunsOnTheExecutorWhenAttachedAfterCompletion(String name, boolean fail, Stage stage) throws Exception {
    CallbackFuture<String> source = new CallbackFuture<>(executor);
    complete(source, fail);
    AtomicReference<String> ranOn = new AtomicReference<>();

    // A plain CompletableFuture would run the stage right here, on the caller's thread.
    CompletionStage<?> dependent = stage.apply(source, ranOn);

    dependent.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(ranOn.get()).isEqualTo(EXECUTOR_THREAD);
  }

  @Test
  void compositionKeepsTheExecutorDownTheChain() throws Exception {
    CallbackFuture<Integer> source = new CallbackFuture<>(executor);
    AtomicReference<String> secondRanOn = new AtomicReference<>();

    CompletableFuture<Integer> first = source.thenApply(v -> v + 1);
    CompletableFuture<String> second = first.thenApply(v -> {
      secondRanOn.set(Thread.currentThread().getName());
      return "value " + v;
    });
    CompletableFuture<String> composed = second.thenCompose(v -> CompletableFuture.supplyAsync(() -> v + "!"));
    source.complete(41);

    assertThat(first).isInstanceOf(CallbackFuture.class);
    assertThat(second).isInstanceOf(CallbackFuture.class);
    assertThat(composed.get(5, TimeUnit.SECONDS)).isEqualTo("value 42!");
    assertThat(secondRanOn.get()).isEqualTo(EXECUTOR_THREAD);
  }

  @Test
  void asyncStagesWithoutAnExecutorUseTheCallbackExecutor() throws Exception {
    CallbackFuture<String> source = CallbackFuture.completed(executor, "v");

    assertThat(source.thenApplyAsync(v -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
        .isEqualTo(EXECUTOR_THREAD);
    assertThat(source.defaultExecutor()).isSameAs(executor);
  }

  @Test
  void exceptionallyAndHandleSeeTheFailure() throws Exception {
    CallbackFuture<String> source = CallbackFuture.failed(executor, FAILURE);

    assertThat(source.exceptionally(e -> "recovered from " + e.getMessage()).get(5, TimeUnit.SECONDS))
        .isEqualTo("recovered from source failed");
    assertThat(source.handle((v, e) -> v == null && e == FAILURE).get(5, TimeUnit.SECONDS)).isTrue();
    // Further down the chain the failure arrives wrapped, as with any CompletableFuture.
    Throwable seen = source.thenApply(String::length).handle((v, e) -> e).get(5, TimeUnit.SECONDS);
    assertThat(seen).isInstanceOf(CompletionException.class).hasCause(FAILURE);
    assertThatThrownBy(() -> source.thenApply(String::length).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCause(FAILURE);
  }

  @Test
  void inlineCompletionActionsRunOnTheCompletingThreadAndSeeFailures() throws Exception {
    CallbackFuture<String> source = new CallbackFuture<>(executor);
    AtomicReference<String> ranOn = new AtomicReference<>();
    AtomicReference<Throwable> seen = new AtomicReference<>();
    source.onCompletionInline((value, error) -> {
      ranOn.set(Thread.currentThread().getName());
      seen.set(error);
    });
    Thread completer = new Thread(() -> source.completeExceptionally(FAILURE), "completer");
    completer.start();
    completer.join(5_000);
    assertThat(ranOn).hasValue("completer");
    assertThat(seen).hasValue(FAILURE);

    // a plain CompletableFuture has no inline hook: the action still runs, as an ordinary stage
    CompletableFuture<String> plain = new CompletableFuture<>();
    AtomicReference<String> plainValue = new AtomicReference<>();
    CallbackFuture.onCompletionInline(plain, (value, error) -> plainValue.set(value));
    plain.complete("v");
    assertThat(plainValue).hasValue("v");
  }

  @Test
  void factoriesCompleteAndFail() {
    assertThat(CallbackFuture.completed(executor, "ok").join()).isEqualTo("ok");
    assertThat(CallbackFuture.failed(executor, FAILURE)).isCompletedExceptionally();
    assertThatThrownBy(() -> CallbackFuture.failed(executor, FAILURE).join()).hasCause(FAILURE);
  }

  // ---------------------------------------------------------------- helpers

  private static Arguments stage(String name, boolean fail, Stage stage) {
    return Arguments.of(name, fail, stage);
  }

  private static <T> T mark(AtomicReference<String> ranOn, T value) {
    ranOn.set(Thread.currentThread().getName());
    return value;
  }

  private static void complete(CompletableFuture<String> source, boolean fail) {
    if (fail) {
      source.completeExceptionally(FAILURE);
    } else {
      source.complete("value");
    }
  }
}
