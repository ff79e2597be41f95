package dev.copilotj.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a JVM's CPU went between two snapshots: per Java thread group (thread names with the digits removed),
 * the rest of the process (GC, JIT, other VM threads), and user against kernel time from {@code /proc/self/stat}.
 */
final class CpuBreakdown {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long processNanos;
  private final long userTicks;
  private final long systemTicks;
  private final Map<Long, Long> threadNanos = new HashMap<>();
  private final Map<Long, String> threadGroups = new HashMap<>();
  private final Map<String, Long> taskTicks = new HashMap<>();
  private final long jitMillis;
  private final long gcMillis;

  private CpuBreakdown() {
    processNanos = ProcessStats.processCpuNanos();
    long[] ticks = statTicks();
    userTicks = ticks[0];
    systemTicks = ticks[1];
    readTasks(taskTicks);
    jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long gc = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, bean.getCollectionTime());
    }
    gcMillis = gc;
    for (long id : THREADS.getAllThreadIds()) {
      long cpu = THREADS.getThreadCpuTime(id);
      ThreadInfo info = THREADS.getThreadInfo(id);
      if (cpu >= 0 && info != null) {
        threadNanos.put(id, cpu);
        threadGroups.put(id, info.getThreadName().replaceAll("\\d+", "N"));
      }
    }
  }

  static CpuBreakdown snapshot() {
    return new CpuBreakdown();
  }

  /**
   * The CPU from {@code start} to this snapshot, per turn, as {@code key=value} pairs (milliseconds):
   * {@code user}, {@code sys}, one entry per thread group, and {@code vm} for what no Java thread accounts for.
   * Threads that ended in between are lost to {@code vm}.
   */
  String since(CpuBreakdown start, int turns) {
    Map<String, Double> groups = new TreeMap<>();
    double javaTotal = 0;
    for (Map.Entry<Long, Long> e : threadNanos.entrySet()) {
      long before = start.threadNanos.getOrDefault(e.getKey(), 0L);
      double ms = (e.getValue() - before) / 1e6 / turns;
      if (ms > 0.0005) {
        groups.merge(threadGroups.get(e.getKey()), ms, Double::sum);
      }
      javaTotal += ms;
    }
    double process = (processNanos - start.processNanos) / 1e6 / turns;
    double tick = 1000.0 / 100; // USER_HZ
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "user=%.2f sys=%.2f", (userTicks - start.userTicks) * tick / turns,
        (systemTicks - start.systemTicks) * tick / turns));
    groups.forEach((name, ms) -> out.append(String.format(Locale.ROOT, " thread[%s]=%.3f",
        name.replace(' ', '_'), ms)));
    out.append(String.format(Locale.ROOT, " vm=%.3f", process - javaTotal));
    // The VM's own threads, from /proc/self/task (names cut to 15 characters by the kernel; 10 ms ticks).
    Map<String, Double> vm = new TreeMap<>();
    taskTicks.forEach((task, ticks) -> {
      String name = task.substring(task.indexOf(':') + 1);
      long before = start.taskTicks.getOrDefault(task, 0L);
      double ms = (ticks - before) * tick / turns;
      if (ms > 0 && (name.startsWith("C1 ") || name.startsWith("C2 ") || name.startsWith("GC ")
          || name.startsWith("G1 ") || name.startsWith("VM "))) {
        String group = name.startsWith("C1 ") || name.startsWith("C2 ") ? "jit" : "gc+vm";
        vm.merge(group, ms, Double::sum);
      }
    });
    vm.forEach((group, ms) -> out.append(String.format(Locale.ROOT, " vm[%s]=%.2f", group, ms)));
    out.append(String.format(Locale.ROOT, " jitCompileMillis=%.2f gcPauseMillis=%.2f",
        (jitMillis - start.jitMillis) / (double) turns, (gcMillis - start.gcMillis) / (double) turns));
    return out.toString();
  }

  /** CPU of the JIT compiler threads (C1, C2) from {@code start} to this snapshot, per turn, in ms. */
  double jitMillisPerTurn(CpuBreakdown start, int turns) {
    long ticks = 0;
    for (Map.Entry<String, Long> e : taskTicks.entrySet()) {
      String name = e.getKey().substring(e.getKey().indexOf(':') + 1);
      if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
        ticks += e.getValue() - start.taskTicks.getOrDefault(e.getKey(), 0L);
      }
    }
    return ticks * 10.0 / turns;
  }

  /** utime + stime per task of this process, keyed by "tid:name". */
  private static void readTasks(Map<String, Long> into) {
    try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          into.put(task.getFileName() + ":" + name, Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (Exception e) {
          // the task ended
        }
      });
    } catch (Exception e) {
      // not Linux
    }
  }

  /** utime and stime of this process, in clock ticks. */
  private static long[] statTicks() {
    try {
      String stat = Files.readString(Paths.get("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (Exception e) {
      return new long[] {0, 0};
    }
  }
}
