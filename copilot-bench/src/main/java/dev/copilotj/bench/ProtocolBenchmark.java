package dev.copilotj.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.ServerStatus;
import dev.copilotj.SessionConfig;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import dev.copilotj.test.CopilotCliInstaller;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Our {@link CopilotClient} next to a minimal raw JSON-RPC client ({@link RawClient}), both driving the real
 * Copilot CLI offline against the test rig's fake model, in the same run, with the order of the two clients
 * rotated every round. See docs/benchmarks.md; run with {@code scripts/bench.sh} ({@code --quick} for a smoke run,
 * {@code --help} for the knobs).
 *
 * <p>Latency, create, turn and throughput phases run in this JVM with both CLIs started. Client CPU per turn and
 * the client's RSS and heap are measured in a child JVM per client (same JVM flags), which runs only that client
 * against this JVM's fake model, so neither the fake nor the other client is counted. The heap per idle session
 * is measured in a child JVM too, with 10 000 real {@code CopilotSession}s against {@link FakeRpcServer}.
 */
public final class ProtocolBenchmark {

  private static final String PLAIN_PROMPT = "Say hello";
  private static final String TOOL_PROMPT = "CALL_TOOL echo_upper {\"text\":\"hello\"}";
  private static final String TOOL_ANSWER = "TOOL RESULT WAS: HELLO (from client tool)";
  private static final List<String> CLIENTS = List.of(Driver.Ours.NAME, Driver.Raw.NAME);
  /** Diagnostics, run only when named in --phases. */
  private static final List<String> DIAGNOSTIC_PHASES = List.of("tooltrace");
  private static final List<String> ALL_PHASES =
      List.of("cold", "ping", "pingab", "create", "turn", "tool", "concurrent", "wire", "footprint", "idle");

  private final Settings settings;
  private final Map<String, Metric> metrics = new LinkedHashMap<>();
  private final Map<String, String> extras = new LinkedHashMap<>();
  private int round;

  private ProtocolBenchmark(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    if (settings.help) {
      System.out.println(Settings.HELP);
      return;
    }
    if (settings.child != null) {
      Child.run(settings);
      System.exit(0);
    }
    new ProtocolBenchmark(settings).run();
    System.exit(0);
  }

  // ------------------------------------------------------------------------------------------------ parent

  private void run() throws Exception {
    long started = System.nanoTime();
    String loadBefore = ProcessStats.loadAverage();
    log("copilot-bench: %s run, phases %s", settings.quick ? "quick" : "full", settings.phases);
    try (CopilotTestRig rig = CopilotTestRig.start()) {
      CliSetup setup = CliSetup.of(rig); // installs the CLI on first use
      ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-janitor");
        t.setDaemon(true);
        return t;
      });
      // The fake records every chat request (tens of KB each); forget them so a long run fits in a small heap.
      janitor.scheduleWithFixedDelay(() -> resetIfBusy(rig.fakeApi()), 500, 500, TimeUnit.MILLISECONDS);
      warmUpCli(setup);

      if (settings.phases.contains("cold")) {
        coldStart(setup);
      }
      if (!Collections.disjoint(settings.phases, List.of("ping", "pingab", "create", "turn", "tool",
          "concurrent", "wire", "tooltrace"))) {
        try (Driver ours = Driver.start(Driver.Ours.NAME, setup); Driver raw = Driver.start(Driver.Raw.NAME, setup)) {
          ServerStatus server = ((Driver.Ours) ours).client.connectedServer();
          extras.put("CLI version (connect)", server == null ? "n/a" : server.version());
          Map<String, Driver> drivers = Map.of(ours.name(), ours, raw.name(), raw);
          if (settings.phases.contains("ping")) {
            ping(drivers);
          }
          if (settings.phases.contains("pingab")) {
            pingWriterThreadAb(setup, drivers.get(Driver.Raw.NAME));
          }
          if (settings.phases.contains("create")) {
            create(drivers);
          }
          if (settings.phases.contains("turn")) {
            turns(drivers, false, "plain turn, warm session (ms)", PLAIN_PROMPT, FakeCopilotApi.DEFAULT_TEXT,
                settings.turnWarmup, settings.turns);
          }
          if (settings.phases.contains("tool")) {
            turns(drivers, true, "tool turn, permission + tool (ms)", TOOL_PROMPT, TOOL_ANSWER,
                settings.toolWarmup, settings.toolTurns);
          }
          if (settings.phases.contains("concurrent")) {
            concurrent(drivers);
          }
          if (settings.phases.contains("wire")) {
            wire((Driver.Raw) raw);
          }
          if (settings.phases.contains("tooltrace")) {
            toolTrace((Driver.Ours) ours, (Driver.Raw) raw);
          }
        }
      }
      if (settings.phases.contains("footprint")) {
        footprint(setup);
      }
      if (settings.phases.contains("idle")) {
        idleSessions();
      }
      janitor.shutdownNow();
    }
    String loadAfter = ProcessStats.loadAverage();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    extras.put("load average before / after", loadBefore + " / " + loadAfter);
    extras.put("run time", String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0));
    report();
  }

  private static void resetIfBusy(FakeCopilotApi fake) {
    try {
      if (fake.requestCount("/chat/completions") > 60) {
        fake.reset();
      }
    } catch (RuntimeException e) {
      System.err.println("fake reset failed: " + e);
    }
  }

  /** One untimed start of each client: the CLI package is unpacked, the page cache and this JVM are warm. */
  private void warmUpCli(CliSetup setup) throws Exception {
    for (String client : CLIENTS) {
      Driver driver = Driver.start(client, setup);
      long pid = driver.cliPid();
      driver.ping();
      driver.close();
      ProcessStats.awaitExit(pid);
    }
  }

  private List<String> nextOrder() {
    List<String> order = round % 2 == 0 ? CLIENTS : List.of(CLIENTS.get(1), CLIENTS.get(0));
    round++;
    return order;
  }

  private Metric metric(String name, boolean higherIsBetter) {
    return metrics.computeIfAbsent(name, n -> new Metric(n, higherIsBetter));
  }

  private void coldStart(CliSetup setup) throws Exception {
    Metric metric = metric("spawn -> connect reply (ms)", false);
    log("cold start: %d rounds", settings.coldRounds);
    for (int r = 0; r < settings.coldRounds; r++) {
      for (String client : nextOrder()) {
        Thread.sleep(300); // let the previous CLI's exit settle
        long t0 = System.nanoTime();
        Driver driver = Driver.start(client, setup);
        metric.add(client, millisSince(t0));
        long pid = driver.cliPid();
        driver.close();
        ProcessStats.awaitExit(pid);
      }
    }
  }

  private void ping(Map<String, Driver> drivers) throws Exception {
    Metric metric = metric("ping round trip (ms)", false);
    log("ping: %d warm-up + %d timed per client", settings.pingWarmup, settings.pings);
    for (String client : nextOrder()) {
      for (int i = 0; i < settings.pingWarmup; i++) {
        drivers.get(client).ping();
      }
    }
    int blocks = 5;
    int perBlock = Math.max(1, settings.pings / blocks);
    // The SDK's request path is still being compiled by the JIT during the first blocks; the last block shows
    // the steady state better.
    Metric last = metric(String.format(Locale.ROOT, "ping round trip, last %d calls (ms)", perBlock), false);
    CpuBreakdown cpuStart = CpuBreakdown.snapshot();
    for (int b = 0; b < blocks; b++) {
      for (String client : nextOrder()) {
        Driver driver = drivers.get(client);
        for (int i = 0; i < perBlock; i++) {
          long t0 = System.nanoTime();
          driver.ping();
          double ms = millisSince(t0);
          metric.add(client, ms);
          if (b == blocks - 1) {
            last.add(client, ms);
          }
        }
      }
    }
    // ms per 1000 calls = microseconds per call (the main thread made the calls of both clients)
    extras.put("CPU per ping by thread (us; main = both clients' calls)",
        CpuBreakdown.snapshot().since(cpuStart, Math.max(1, perBlock * blocks / 1000)));
  }

  /**
   * Diagnostic: the raw client against itself with one change, a writer thread fed by a queue (as in the SDK's
   * JsonRpcConnection) instead of writing on the caller's thread. Same run, rotated, longer warm-up.
   */
  private void pingWriterThreadAb(CliSetup setup, Driver raw) throws Exception {
    int warmup = settings.quick ? 200 : 2000;
    int count = settings.quick ? 200 : 2000;
    log("ping A/B: raw client vs raw client with a writer thread, %d warm-up + %d timed each", warmup, count);
    try (Driver queued = Driver.Raw.startWithWriterThread(setup)) {
      Map<String, Driver> pair = Map.of(Driver.Ours.NAME, queued, Driver.Raw.NAME, raw);
      Samples direct = new Samples();
      Samples handedOff = new Samples();
      for (String client : nextOrder()) {
        for (int i = 0; i < warmup; i++) {
          pair.get(client).ping();
        }
      }
      for (int b = 0; b < 10; b++) {
        for (String client : nextOrder()) {
          Driver driver = pair.get(client);
          Samples into = Driver.Ours.NAME.equals(client) ? handedOff : direct;
          for (int i = 0; i < count / 10; i++) {
            long t0 = System.nanoTime();
            driver.ping();
            into.add(millisSince(t0));
          }
        }
      }
      extras.put("ping A/B (diagnostic): raw client with a writer thread vs raw client, median (p95) ms",
          String.format(Locale.ROOT, "%.3f (%.3f) vs %.3f (%.3f): ratio %.3f", handedOff.median(), handedOff.p95(),
              direct.median(), direct.p95(), handedOff.median() / direct.median()));
    }
  }

  private void create(Map<String, Driver> drivers) throws Exception {
    Metric metric = metric("session create, warm CLI (ms)", false);
    log("session create: %d per client", settings.creates);
    for (String client : nextOrder()) { // one untimed create each
      drivers.get(client).openSession(false).close();
    }
    for (int i = 0; i < settings.creates; i++) {
      for (String client : nextOrder()) {
        long t0 = System.nanoTime();
        Driver.Conversation session = drivers.get(client).openSession(false);
        metric.add(client, millisSince(t0));
        session.close();
      }
    }
  }

  private void turns(Map<String, Driver> drivers, boolean tool, String name, String prompt, String expected,
      int warmup, int count) throws Exception {
    Metric metric = metric(name, false);
    log("%s: %d warm-up + %d timed per client", name, warmup, count);
    Map<String, Driver.Conversation> sessions = new LinkedHashMap<>();
    for (String client : nextOrder()) {
      sessions.put(client, drivers.get(client).openSession(tool));
    }
    for (int i = 0; i < warmup + count; i++) {
      for (String client : nextOrder()) {
        long t0 = System.nanoTime();
        Object answer = sessions.get(client).turn(prompt).get(3, TimeUnit.MINUTES);
        double ms = millisSince(t0);
        String content = Driver.Conversation.content(answer);
        if (!expected.equals(content)) {
          throw new IllegalStateException(client + " turn answered '" + content + "', expected '" + expected + "'");
        }
        if (i >= warmup) {
          metric.add(client, ms);
        }
      }
    }
    for (Driver.Conversation session : sessions.values()) {
      session.close();
    }
  }

  private void concurrent(Map<String, Driver> drivers) throws Exception {
    Metric metric = metric(String.format(Locale.ROOT, "%d sessions x %d turns, concurrent (turns/s)",
        settings.sessions, settings.sessionTurns), true);
    log("concurrent: %d rounds of %d sessions x %d turns per client", settings.concurrentRounds, settings.sessions,
        settings.sessionTurns);
    for (int r = 0; r < settings.concurrentRounds; r++) {
      for (String client : nextOrder()) {
        Thread.sleep(300);
        metric.add(client, concurrentTurnsPerSecond(drivers.get(client), settings.sessions, settings.sessionTurns));
      }
    }
  }

  /** Opens the sessions (untimed), then runs every conversation at once; returns turns per second. */
  static double concurrentTurnsPerSecond(Driver driver, int sessionCount, int turnsPerSession) throws Exception {
    List<Driver.Conversation> sessions = new ArrayList<>();
    for (int s = 0; s < sessionCount; s++) {
      sessions.add(driver.openSession(false));
    }
    long t0 = System.nanoTime();
    List<CompletableFuture<?>> conversations = new ArrayList<>();
    for (int s = 0; s < sessionCount; s++) {
      Driver.Conversation session = sessions.get(s);
      int index = s;
      CompletableFuture<?> conversation = CompletableFuture.completedFuture(null);
      for (int t = 0; t < turnsPerSession; t++) {
        String prompt = "session " + index + " turn " + t;
        conversation = conversation.thenCompose(previous -> session.turn(prompt));
      }
      conversations.add(conversation);
    }
    CompletableFuture.allOf(conversations.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (Driver.Conversation session : sessions) {
      session.close();
    }
    return sessionCount * turnsPerSession / seconds;
  }

  /** How much the CLI sends per plain turn, and how that grows with the length of the conversation. */
  private void wire(Driver.Raw raw) throws Exception {
    int turns = settings.quick ? 10 : 50;
    log("wire volume: %d plain turns in one fresh session (raw client)", turns);
    Driver.Conversation session = raw.openSession(false);
    StringBuilder growth = new StringBuilder();
    for (int t = 1; t <= turns; t++) {
      long frames = raw.client.framesRead();
      long bytes = raw.client.bytesRead();
      session.turn(PLAIN_PROMPT).get(3, TimeUnit.MINUTES);
      if (t == 1 || t == 2 || t == 10 || t == 50 || t == turns) {
        if (growth.indexOf("turn " + t + ":") < 0) {
          growth.append(growth.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
              "turn %d: %d frames, %.1f KiB", t, raw.client.framesRead() - frames,
              (raw.client.bytesRead() - bytes) / 1024.0));
        }
      }
    }
    raw.client.resetBytesByType();
    session.turn(PLAIN_PROMPT).get(3, TimeUnit.MINUTES);
    StringBuilder types = new StringBuilder();
    raw.client.bytesByType().entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
        .forEach(e -> types.append(types.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
            "%s %dx %.1f KiB", e.getKey(), e.getValue()[0], e.getValue()[1] / 1024.0)));
    session.close();
    extras.put("CLI -> client per plain turn (one session)", growth.toString());
    extras.put("CLI -> client frames by type, turn " + (turns + 1), types.toString());
  }

  /**
   * Diagnostic: where a tool turn's time goes, by the CLI's own event timestamps (milliseconds, CLI clock), for
   * both clients: user.message -> permission.requested -> permission.completed -> external_tool.requested ->
   * external_tool.completed -> session.idle. The two "answer" gaps contain the client's reaction time.
   */
  private void toolTrace(Driver.Ours ours, Driver.Raw raw) throws Exception {
    int turns = settings.toolTurns;
    List<String> steps = List.of("user.message", "permission.requested", "permission.completed",
        "external_tool.requested", "external_tool.completed", "session.idle");
    Map<String, Map<String, Samples>> gaps = new LinkedHashMap<>();
    Map<String, ConcurrentHashMap<String, Instant>> seen = new LinkedHashMap<>();
    for (String client : CLIENTS) {
      gaps.put(client, new LinkedHashMap<>());
      seen.put(client, new ConcurrentHashMap<>());
    }
    CopilotSession oursSession = ours.client.createSession(SessionConfig.builder()
        .tool(ToolDefinition.builder("echo_upper").description("Upper-cases the given text")
            .parametersSchema(Driver.ECHO_SCHEMA)
            .handler(call -> ToolResult.text(String.valueOf(call.arguments().get("text"))
                .toUpperCase(Locale.ROOT) + " (from client tool)")).build()).build()).get(60, TimeUnit.SECONDS);
    oursSession.on(event -> seen.get(Driver.Ours.NAME).putIfAbsent(event.type(), event.timestamp()));
    RawSession rawSession = raw.client.createSession(UUID.randomUUID().toString(), true)
        .get(60, TimeUnit.SECONDS);
    rawSession.tracer = event -> seen.get(Driver.Raw.NAME).putIfAbsent(event.path("type").asText(),
        Instant.parse(event.path("timestamp").asText()));
    for (int i = 0; i < turns + 2; i++) {
      for (String client : nextOrder()) {
        seen.get(client).clear();
        if (client.equals(Driver.Ours.NAME)) {
          oursSession.sendAndWait(TOOL_PROMPT, Driver.TURN_TIMEOUT).get(3, TimeUnit.MINUTES);
        } else {
          rawSession.sendAndWait(TOOL_PROMPT).get(3, TimeUnit.MINUTES);
        }
        Thread.sleep(20);
        if (i < 2) {
          continue;
        }
        Map<String, Instant> at = seen.get(client);
        for (int k = 1; k < steps.size(); k++) {
          Instant from = at.get(steps.get(k - 1));
          Instant to = at.get(steps.get(k));
          if (from != null && to != null) {
            gaps.get(client).computeIfAbsent(steps.get(k - 1) + " -> " + steps.get(k), key -> new Samples())
                .add(Duration.between(from, to).toNanos() / 1e6);
          }
        }
      }
    }
    oursSession.close();
    rawSession.destroy().get(30, TimeUnit.SECONDS);
    for (String step : gaps.get(Driver.Ours.NAME).keySet()) {
      Samples o = gaps.get(Driver.Ours.NAME).get(step);
      Samples r = gaps.get(Driver.Raw.NAME).get(step);
      extras.put("tool turn by CLI timestamps, median ms ours / raw: " + step, String.format(Locale.ROOT,
          "%.1f / %.1f", o.median(), r == null ? Double.NaN : r.median()));
    }
  }

  private void footprint(CliSetup setup) throws Exception {
    Metric cpu = metric("client CPU per plain turn (ms)", false);
    Metric cpuNoJit = metric("client CPU per plain turn, JIT threads excluded (ms)", false);
    Metric rss = metric("client RSS after concurrent test (MiB)", false);
    Metric heap = metric("client heap used after concurrent test + GC (MiB)", false);
    Metric wall = metric("plain turn in the CPU phase, own JVM (ms)", false);
    log("footprint: %d rounds of a child JVM per client (%d warm-up + %d measured turns, then %d x %d)",
        settings.footprintRounds, settings.cpuWarmup, settings.cpuTurns, settings.sessions, settings.sessionTurns);
    Path setupFile = Files.createTempFile("copilot-bench-setup", ".properties");
    try {
      setup.write(setupFile);
      for (int r = 0; r < settings.footprintRounds; r++) {
        for (String client : nextOrder()) {
          Map<String, String> result = runChild("footprint", client, setupFile);
          cpu.add(client, Double.parseDouble(result.get("cpuMsPerTurn")));
          cpuNoJit.add(client, Double.parseDouble(result.get("cpuMsPerTurn"))
              - Double.parseDouble(result.get("jitMsPerTurn")));
          extras.put("CPU per turn breakdown, " + client + " (last round, ms)",
              result.get("breakdown").replace(',', ' '));
          wall.add(client, Double.parseDouble(result.get("wallMsPerTurn")));
          rss.add(client, Double.parseDouble(result.get("rssKiB")) / 1024.0);
          heap.add(client, Double.parseDouble(result.get("heapBytes")) / 1024.0 / 1024.0);
        }
      }
    } finally {
      Files.deleteIfExists(setupFile);
    }
  }

  private void idleSessions() throws Exception {
    log("heap per idle session: %d real CopilotSessions against a fake JSON-RPC server", settings.idleSessions);
    Map<String, String> result = runChild("idle", Driver.Ours.NAME, null);
    extras.put("heap per idle CopilotSession (bytes)", result.get("bytesPerSession"));
    extras.put("idle sessions measured", result.get("sessions"));
    extras.put("idle-session JVM RSS after (MiB)",
        String.format(Locale.ROOT, "%.1f", Double.parseDouble(result.get("rssKiB")) / 1024.0));
  }

  /** Runs this class in a child JVM with this JVM's memory flags; returns its RESULT line as a map. */
  private Map<String, String> runChild(String mode, String client, Path setupFile) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean memory = arg.startsWith("-Xmx") || arg.startsWith("-Xms") || arg.startsWith("-Xss");
      boolean xx = arg.startsWith("-XX:") && !arg.contains("FlightRecord") && !arg.contains("Flight");
      boolean props = arg.startsWith("-Dcopilot.") || arg.startsWith("-Dorg.slf4j") || arg.startsWith("-Dbench.");
      if (memory || xx || props) {
        command.add(arg);
      }
    }
    if (!settings.childJvmArgs.isBlank()) {
      for (String arg : settings.childJvmArgs.trim().split("\\s+")) {
        command.add(arg.replace("{client}", client).replace("{mode}", mode));
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ProtocolBenchmark.class.getName());
    command.addAll(List.of("--child", mode, "--client", client));
    if (setupFile != null) {
      command.addAll(List.of("--setup", setupFile.toString()));
    }
    command.addAll(settings.childArguments());
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    process.getOutputStream().close();
    Map<String, String> result = new LinkedHashMap<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          for (String pair : line.substring(7).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            result.put(pair.substring(0, eq), pair.substring(eq + 1));
          }
        } else {
          System.err.println("  [" + mode + " " + client + "] " + line);
        }
      }
    }
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || result.isEmpty()) {
      throw new IllegalStateException("child JVM " + mode + "/" + client + " failed (exit "
          + (process.isAlive() ? "none" : process.exitValue()) + ")");
    }
    Map<String, String> shown = new LinkedHashMap<>(result);
    shown.remove("breakdown");
    log("  %s %s: %s", mode, client, shown);
    return result;
  }

  // ------------------------------------------------------------------------------------------------ report

  private void report() throws IOException {
    String cliVersion;
    try {
      cliVersion = CopilotCliInstaller.fromSystem().version();
    } catch (RuntimeException e) {
      cliVersion = "n/a";
    }
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    machine.put("cpus (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
    machine.put("cpu", ProcessStats.cpuModel());
    machine.put("memory", ProcessStats.memTotal());
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("jvm flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    machine.put("Copilot CLI", cliVersion);
    machine.put("mode", (settings.quick ? "quick" : "full") + ": " + settings.describe());
    machine.putAll(extras);

    StringBuilder text = new StringBuilder();
    String format = "%-52s %12s %12s %7s %12s %12s%n";
    text.append(String.format(Locale.ROOT, format, "metric", "ours median", "raw median", "ratio", "ours p95",
        "raw p95"));
    for (Metric m : metrics.values()) {
      text.append(String.format(Locale.ROOT, format, m.name, num(m.ours.median()), num(m.raw.median()),
          ratio(m), num(m.ours.p95()), num(m.raw.p95())));
    }
    StringBuilder md = new StringBuilder();
    md.append("# copilot-bench results\n\n");
    for (Map.Entry<String, String> e : machine.entrySet()) {
      md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    md.append("\n| metric | ours median | raw median | ratio ours/raw | ours p95 | raw p95 | samples |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Metric m : metrics.values()) {
      md.append("| ").append(m.name).append(" | ").append(num(m.ours.median())).append(" | ")
          .append(num(m.raw.median())).append(" | ").append(ratio(m)).append(" | ").append(num(m.ours.p95()))
          .append(" | ").append(num(m.raw.p95())).append(" | ").append(m.ours.size()).append(" / ")
          .append(m.raw.size()).append(" |\n");
    }
    List<String> targets = targets();
    if (!targets.isEmpty()) {
      md.append("\n## Targets\n\n");
      for (String t : targets) {
        md.append("- ").append(t).append('\n');
      }
    }

    System.out.println();
    for (Map.Entry<String, String> e : machine.entrySet()) {
      System.out.println(e.getKey() + ": " + e.getValue());
    }
    System.out.println();
    System.out.print(text);
    if (settings.printSamples) {
      for (Metric m : metrics.values()) {
        System.out.println();
        System.out.println(m.name + " ours: " + m.ours.inOrder());
        System.out.println(m.name + " raw:  " + m.raw.inOrder());
      }
    }
    if (!targets.isEmpty()) {
      System.out.println();
      targets.forEach(t -> System.out.println("target: " + t));
    }
    Path out = Paths.get(settings.out);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, md.toString());
    System.out.println();
    System.out.println("Markdown written to " + out.toAbsolutePath());
  }

  private List<String> targets() {
    List<String> t = new ArrayList<>();
    ratioTarget(t, "ping round trip (ms)", "ping latency within 10 % of raw", 1.10, false);
    for (Metric m : metrics.values()) {
      if (m.name.startsWith("ping round trip, last")) {
        ratioTarget(t, m.name, "ping latency within 10 % of raw, last block only", 1.10, false);
      }
    }
    ratioTarget(t, "plain turn, warm session (ms)", "plain turn latency within 2 % of raw", 1.02, false);
    ratioTarget(t, "tool turn, permission + tool (ms)", "tool turn latency within 2 % of raw", 1.02, false);
    for (Metric m : metrics.values()) {
      if (m.name.contains("concurrent (turns/s)")) {
        ratioTarget(t, m.name, "concurrent throughput >= 0.97x raw", 0.97, true);
      }
    }
    absoluteTarget(t, "client CPU per plain turn (ms)", "client CPU per plain turn <= 3.8 ms", 3.8, "ms");
    absoluteTarget(t, "client CPU per plain turn, JIT threads excluded (ms)",
        "client CPU per plain turn <= 3.8 ms, JIT compiler threads excluded", 3.8, "ms");
    absoluteTarget(t, "client RSS after concurrent test (MiB)", "client RSS after the concurrent test <= 150 MiB",
        150, "MiB");
    absoluteTarget(t, "client heap used after concurrent test + GC (MiB)", "client heap after the concurrent test"
        + " <= 32 MiB", 32, "MiB");
    String perSession = extras.get("heap per idle CopilotSession (bytes)");
    if (perSession != null) {
      double bytes = Double.parseDouble(perSession);
      t.add(String.format(Locale.ROOT, "heap per idle session <= 10 KB: %.0f bytes -> %s", bytes,
          bytes <= 10 * 1024 ? "MET" : "MISSED"));
    }
    return t;
  }

  private void ratioTarget(List<String> t, String metric, String label, double limit, boolean atLeast) {
    Metric m = metrics.get(metric);
    if (m == null || m.ours.isEmpty() || m.raw.isEmpty()) {
      return;
    }
    double r = m.ours.median() / m.raw.median();
    boolean met = atLeast ? r >= limit : r <= limit;
    t.add(String.format(Locale.ROOT, "%s: ratio %.3f (ours %s vs raw %s) -> %s", label, r, num(m.ours.median()),
        num(m.raw.median()), met ? "MET" : "MISSED"));
  }

  private void absoluteTarget(List<String> t, String metric, String label, double limit, String unit) {
    Metric m = metrics.get(metric);
    if (m == null || m.ours.isEmpty()) {
      return;
    }
    double v = m.ours.median();
    t.add(String.format(Locale.ROOT, "%s: %s %s (raw %s) -> %s", label, num(v), unit, num(m.raw.median()),
        v <= limit ? "MET" : "MISSED"));
  }

  private static String ratio(Metric m) {
    if (m.ours.isEmpty() || m.raw.isEmpty()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.3f", m.ours.median() / m.raw.median());
  }

  private static String num(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (Math.abs(v) >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static double millisSince(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  static void log(String format, Object... args) {
    System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
  }

  /** One metric of both clients. */
  private static final class Metric {
    final String name;
    final boolean higherIsBetter;
    final Samples ours = new Samples();
    final Samples raw = new Samples();

    Metric(String name, boolean higherIsBetter) {
      this.name = name;
      this.higherIsBetter = higherIsBetter;
    }

    void add(String client, double value) {
      (Driver.Ours.NAME.equals(client) ? ours : raw).add(value);
    }
  }

  // ------------------------------------------------------------------------------------------------ children

  /** The measurements that need a JVM of their own. */
  static final class Child {

    private Child() {
    }

    static void run(Settings settings) throws Exception {
      switch (settings.child) {
        case "footprint" -> footprint(settings);
        case "idle" -> idle(settings);
        default -> throw new IllegalArgumentException("unknown child mode " + settings.child);
      }
    }

    /**
     * Client CPU per plain turn (this JVM's process CPU over N sequential turns, after warm-up), then the
     * concurrent test, then RSS and heap after a GC.
     */
    private static void footprint(Settings settings) throws Exception {
      CliSetup setup = CliSetup.read(Paths.get(settings.setupFile));
      try (Driver driver = Driver.start(settings.client, setup)) {
        // Warm up (JIT) in a session of its own, so the measured conversation is as short as in the other phases.
        Driver.Conversation warmup = driver.openSession(false);
        for (int i = 0; i < settings.cpuWarmup; i++) {
          warmup.turn(PLAIN_PROMPT).get(3, TimeUnit.MINUTES);
        }
        warmup.close();
        Driver.Conversation session = driver.openSession(false);
        session.turn(PLAIN_PROMPT).get(3, TimeUnit.MINUTES);
        System.gc();
        Thread.sleep(200);
        // -Dbench.jfr=<file>: a flight recording of the measured turns only (warm-up excluded);
        // -Dbench.jfr.settings=<jfc or 'profile'> picks the settings.
        String jfrFile = System.getProperty("bench.jfr");
        Recording recording = null;
        if (jfrFile != null) {
          String jfc = System.getProperty("bench.jfr.settings", "profile");
          recording = new Recording(jfc.endsWith(".jfc")
              ? Configuration.create(Paths.get(jfc)) : Configuration.getConfiguration(jfc));
          recording.start();
        }
        CpuBreakdown cpuStart = CpuBreakdown.snapshot();
        long cpu0 = ProcessStats.processCpuNanos();
        long wall0 = System.nanoTime();
        for (int i = 0; i < settings.cpuTurns; i++) {
          session.turn(PLAIN_PROMPT).get(3, TimeUnit.MINUTES);
        }
        long cpu = ProcessStats.processCpuNanos() - cpu0;
        long wall = System.nanoTime() - wall0;
        CpuBreakdown cpuEnd = CpuBreakdown.snapshot();
        String breakdown = cpuEnd.since(cpuStart, settings.cpuTurns);
        double jitPerTurn = cpuEnd.jitMillisPerTurn(cpuStart, settings.cpuTurns);
        if (recording != null) {
          recording.stop();
          recording.dump(Paths.get(jfrFile.replace("{client}", settings.client)));
          recording.close();
        }
        session.close();
        double throughput = concurrentTurnsPerSecond(driver, settings.sessions, settings.sessionTurns);
        long heap = ProcessStats.settledHeapUsed();
        Thread.sleep(200);
        long rss = ProcessStats.statusKiB("VmRSS");
        long hwm = ProcessStats.statusKiB("VmHWM");
        System.out.println("CPU per turn (ms): " + breakdown);
        System.out.printf(Locale.ROOT, "RESULT cpuMsPerTurn=%.4f jitMsPerTurn=%.4f wallMsPerTurn=%.3f rssKiB=%d"
                + " hwmKiB=%d heapBytes=%d concurrentTurnsPerSecond=%.2f threads=%d breakdown=%s%n",
            cpu / 1e6 / settings.cpuTurns, jitPerTurn, wall / 1e6 / settings.cpuTurns, rss, hwm, heap, throughput,
            Thread.activeCount(), breakdown.replace(' ', ','));
        System.out.flush();
      }
    }

    /** Heap per idle session: the difference over N real sessions, after several full GCs. */
    private static void idle(Settings settings) throws Exception {
      int n = settings.idleSessions;
      int warm = 200;
      try (FakeRpcServer server = FakeRpcServer.start();
          CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
              .serverAddress("127.0.0.1:" + server.port())
              .requestTimeout(Duration.ofMinutes(2))
              .build())) {
        client.start().get(30, TimeUnit.SECONDS);
        List<CopilotSession> kept = new ArrayList<>(n + warm);
        open(client, kept, warm);
        long before = ProcessStats.settledHeapUsed();
        open(client, kept, n);
        long after = ProcessStats.settledHeapUsed();
        if (client.openSessionCount() != n + warm) {
          throw new IllegalStateException("expected " + (n + warm) + " open sessions, have "
              + client.openSessionCount());
        }
        long rss = ProcessStats.statusKiB("VmRSS");
        System.out.printf(Locale.ROOT, "RESULT sessions=%d bytesPerSession=%.0f heapBefore=%d heapAfter=%d"
            + " rssKiB=%d%n", n, (after - before) / (double) n, before, after, rss);
        System.out.flush();
        // keep the sessions reachable until the measurement is done
        if (kept.size() != n + warm) {
          throw new IllegalStateException();
        }
      }
    }

    private static void open(CopilotClient client, List<CopilotSession> kept, int count) throws Exception {
      int batch = 256;
      for (int done = 0; done < count; done += batch) {
        List<CompletableFuture<CopilotSession>> futures = new ArrayList<>();
        for (int i = done; i < Math.min(count, done + batch); i++) {
          futures.add(client.createSession(SessionConfig.defaults()));
        }
        for (CompletableFuture<CopilotSession> f : futures) {
          kept.add(f.get(2, TimeUnit.MINUTES));
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ settings

  /** Command-line knobs. */
  static final class Settings {
    static final String HELP = String.join("\n",
        "ProtocolBenchmark [--quick] [options]",
        "  --quick                 smoke run, under a minute",
        "  --phases a,b,...        subset of " + String.join(",", ALL_PHASES),
        "                          or the diagnostic " + String.join(",", DIAGNOSTIC_PHASES)
            + " (tool turn split by the CLI's event timestamps)",
        "  --cold-rounds N         spawn -> connect rounds per client (5; quick 1)",
        "  --pings N               timed pings per client (1000; quick 200)",
        "  --ping-warmup N         untimed pings per client first (10000; quick 100)",
        "  --creates N             session creates per client (20; quick 5)",
        "  --turns N               timed plain turns per client (30; quick 5)",
        "  --turn-warmup N         untimed plain turns first (5; quick 2)",
        "  --tool-turns N          timed tool turns per client (20; quick 3)",
        "  --tool-warmup N         untimed tool turns first (3; quick 1)",
        "  --concurrent-rounds N   rounds of the concurrent test per client (5; quick 1)",
        "  --sessions N            concurrent sessions (20; quick 10)",
        "  --session-turns N       turns per concurrent session (5; quick 3)",
        "  --footprint-rounds N    child JVMs per client for CPU/RSS/heap (3; quick 1)",
        "  --cpu-warmup N          untimed turns (own session) before the CPU measurement (200; quick 5)",
        "  --cpu-turns N           turns of the CPU measurement (100; quick 15)",
        "  --idle-sessions N       sessions for the heap-per-idle-session measurement (10000; quick 1000)",
        "  --child-jvm-args '...'  extra JVM flags for the child JVMs; {client} and {mode} are replaced, e.g.",
        "                          '-XX:StartFlightRecording=filename=target/{mode}-{client}.jfr,settings=profile'",
        "  --print-samples         also print every sample, in measurement order",
        "  --out FILE              Markdown results (target/bench-results.md)");

    boolean help;
    boolean quick;
    boolean printSamples;
    Set<String> phases = new LinkedHashSet<>(ALL_PHASES);
    int coldRounds = 5;
    int pings = 1000;
    int pingWarmup = 10_000;
    int creates = 20;
    int turns = 30;
    int turnWarmup = 5;
    int toolTurns = 20;
    int toolWarmup = 3;
    int concurrentRounds = 5;
    int sessions = 20;
    int sessionTurns = 5;
    int footprintRounds = 3;
    int cpuWarmup = 200;
    int cpuTurns = 100;
    int idleSessions = 10_000;
    String childJvmArgs = "";
    String out = "target/bench-results.md";
    String child;
    String client = Driver.Ours.NAME;
    String setupFile;

    static Settings parse(String[] args) {
      Settings s = new Settings();
      if (Arrays.asList(args).contains("--quick")) {
        s.quick = true;
        s.coldRounds = 1;
        s.pings = 200;
        s.pingWarmup = 100;
        s.creates = 5;
        s.turns = 5;
        s.turnWarmup = 2;
        s.toolTurns = 3;
        s.toolWarmup = 1;
        s.concurrentRounds = 1;
        s.sessions = 10;
        s.sessionTurns = 3;
        s.footprintRounds = 1;
        s.cpuWarmup = 5;
        s.cpuTurns = 15;
        s.idleSessions = 1000;
      }
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> { }
          case "--help", "-h" -> s.help = true;
          case "--print-samples" -> s.printSamples = true;
          case "--phases" -> {
            s.phases = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
            List<String> known = new ArrayList<>(ALL_PHASES);
            known.addAll(DIAGNOSTIC_PHASES);
            if (!known.containsAll(s.phases)) {
              throw new IllegalArgumentException("unknown phase in " + s.phases + "; known: " + ALL_PHASES);
            }
          }
          case "--cold-rounds" -> s.coldRounds = Integer.parseInt(args[++i]);
          case "--pings" -> s.pings = Integer.parseInt(args[++i]);
          case "--ping-warmup" -> s.pingWarmup = Integer.parseInt(args[++i]);
          case "--creates" -> s.creates = Integer.parseInt(args[++i]);
          case "--turns" -> s.turns = Integer.parseInt(args[++i]);
          case "--turn-warmup" -> s.turnWarmup = Integer.parseInt(args[++i]);
          case "--tool-turns" -> s.toolTurns = Integer.parseInt(args[++i]);
          case "--tool-warmup" -> s.toolWarmup = Integer.parseInt(args[++i]);
          case "--concurrent-rounds" -> s.concurrentRounds = Integer.parseInt(args[++i]);
          case "--sessions" -> s.sessions = Integer.parseInt(args[++i]);
          case "--session-turns" -> s.sessionTurns = Integer.parseInt(args[++i]);
          case "--footprint-rounds" -> s.footprintRounds = Integer.parseInt(args[++i]);
          case "--cpu-warmup" -> s.cpuWarmup = Integer.parseInt(args[++i]);
          case "--cpu-turns" -> s.cpuTurns = Integer.parseInt(args[++i]);
          case "--idle-sessions" -> s.idleSessions = Integer.parseInt(args[++i]);
          case "--child-jvm-args" -> s.childJvmArgs = args[++i];
          case "--out" -> s.out = args[++i];
          case "--child" -> s.child = args[++i];
          case "--client" -> s.client = args[++i];
          case "--setup" -> s.setupFile = args[++i];
          default -> throw new IllegalArgumentException("unknown option " + a + "\n" + HELP);
        }
      }
      return s;
    }

    /** The knobs a child needs. */
    List<String> childArguments() {
      return List.of("--cpu-warmup", Integer.toString(cpuWarmup), "--cpu-turns", Integer.toString(cpuTurns),
          "--sessions", Integer.toString(sessions), "--session-turns", Integer.toString(sessionTurns),
          "--idle-sessions", Integer.toString(idleSessions));
    }

    String describe() {
      return String.format(Locale.ROOT, "cold %d, pings %d (+%d), creates %d, turns %d (+%d), tool turns %d (+%d),"
              + " concurrent %d x (%d x %d), footprint %d x (%d + %d turns), idle sessions %d", coldRounds, pings,
          pingWarmup, creates, turns, turnWarmup, toolTurns, toolWarmup, concurrentRounds, sessions, sessionTurns,
          footprintRounds, cpuWarmup, cpuTurns, idleSessions);
    }
  }
}
