package dev.copilotj.internal.concurrent;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's shared threads: the default callback executor and the timer that fails requests on timeout.
 *
 * <p>Both are process-wide and made of daemon threads that die when idle, so a client that is stopped
 * (or never stopped) leaves no thread that keeps the JVM alive.
 */
public final class SdkThreads {

  private static final Logger log = LoggerFactory.getLogger(SdkThreads.class);

  private SdkThreads() {
  }

  /** @return the shared default callback executor: virtual threads on Java 21+, else a small daemon pool */
  public static Executor defaultCallbackExecutor() {
    return DefaultExecutorHolder.EXECUTOR;
  }

  /** @return the shared timer for request timeouts and delayed work; its tasks must be short */
  public static ScheduledThreadPoolExecutor timer() {
    return TimerHolder.TIMER;
  }

  /**
   * Creates a named daemon thread factory.
   *
   * @param prefix thread names are prefix + "-" + counter
   * @return the factory
   */
  public static ThreadFactory daemonFactory(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Starts a daemon thread.
   *
   * @param name the thread's name
   * @param body what it runs
   * @return the started thread
   */
  public static Thread startDaemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static final class DefaultExecutorHolder {
    static final Executor EXECUTOR = create();

    private static Executor create() {
      Executor virtual = virtualThreadExecutor();
      if (virtual != null) {
        return virtual;
      }
      int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), daemonFactory("copilot-callback"));
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }

    /** Java 21's virtual-thread executor, found reflectively because the SDK compiles for Java 17. */
    private static @Nullable Executor virtualThreadExecutor() {
      try {
        Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        return (Executor) factory.invoke(null);
      } catch (NoSuchMethodException e) {
        return null;
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.debug("Virtual threads unavailable; using a platform thread pool", e);
        return null;
      }
    }
  }

  private static final class TimerHolder {
    static final ScheduledThreadPoolExecutor TIMER = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonFactory("copilot-timer"));
      timer.setRemoveOnCancelPolicy(true);
      timer.setKeepAliveTime(30, TimeUnit.SECONDS);
      timer.allowCoreThreadTimeOut(true);
      return timer;
    }
  }
}
