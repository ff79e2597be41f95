package dev.copilotj.internal.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link CompletableFuture} whose dependent stages always run on the client's callback executor.
 *
 * <p>The SDK completes futures on its JSON-RPC reader thread; a plain {@code CompletableFuture} would then
 * run a caller's {@code thenApply} on that thread and stall every other message. Routing the
 * non-async stage methods to their async twins keeps user code off the reader thread, while a caller
 * that only {@code join()}s is woken directly, with no extra thread hop.
 *
 * @param <T> the result type
 */
public final class CallbackFuture<T> extends CompletableFuture<T> {

  private final Executor executor;

  /**
   * Creates an incomplete future.
   *
   * @param executor where dependent stages run
   */
  public CallbackFuture(Executor executor) {
    this.executor = executor;
  }

  /**
   * Returns a future completed with {@code value}.
   *
   * @param executor where dependent stages run
   * @param value the result
   * @param <T> the result type
   * @return the completed future
   */
  public static <T> CallbackFuture<T> completed(Executor executor, T value) {
    CallbackFuture<T> future = new CallbackFuture<>(executor);
    future.complete(value);
    return future;
  }

  /**
   * Returns a future failed with {@code error}.
   *
   * @param executor where dependent stages run
   * @param error the failure
   * @param <T> the result type
   * @return the failed future
   */
  public static <T> CallbackFuture<T> failed(Executor executor, Throwable error) {
    CallbackFuture<T> future = new CallbackFuture<>(executor);
    future.completeExceptionally(error);
    return future;
  }

  /**
   * Runs {@code action} on the thread that completes this future (often the reader thread), with no hand-off.
   * Only for the SDK's own bookkeeping that never blocks and never calls user code; user code goes through the
   * ordinary stage methods, which run on the callback executor.
   *
   * @param action what to do with the result or the failure
   */
  public void onCompletionInline(BiConsumer<? super T, ? super Throwable> action) {
    super.whenComplete(action);
  }

  /**
   * {@link #onCompletionInline} for any future: inline for a {@code CallbackFuture}, otherwise on the callback
   * executor as usual.
   *
   * @param future the future
   * @param action what to do with the result or the failure
   * @param <T> the result type
   */
  public static <T> void onCompletionInline(CompletableFuture<T> future,
      BiConsumer<? super T, ? super Throwable> action) {
    if (future instanceof CallbackFuture<T> callback) {
      callback.onCompletionInline(action);
    } else {
      future.whenComplete(action);
    }
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CallbackFuture<>(executor);
  }

  @Override
  public Executor defaultExecutor() {
    return executor;
  }

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return thenApplyAsync(fn, executor);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    return thenAcceptAsync(action, executor);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    return thenRunAsync(action, executor);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombine(CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn) {
    return thenCombineAsync(other, fn, executor);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action) {
    return thenAcceptBothAsync(other, action, executor);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return runAfterBothAsync(other, action, executor);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(CompletionStage<? extends T> other,
      Function<? super T, U> fn) {
    return applyToEitherAsync(other, fn, executor);
  }

  @Override
  public CompletableFuture<Void> acceptEither(CompletionStage<? extends T> other,
      Consumer<? super T> action) {
    return acceptEitherAsync(other, action, executor);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return runAfterEitherAsync(other, action, executor);
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
    return thenComposeAsync(fn, executor);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return handleAsync(fn, executor);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return whenCompleteAsync(action, executor);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return exceptionallyAsync(fn, executor);
  }

  @Override
  public CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return exceptionallyComposeAsync(fn, executor);
  }
}
