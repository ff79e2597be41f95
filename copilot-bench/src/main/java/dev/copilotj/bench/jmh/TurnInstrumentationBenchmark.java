package dev.copilotj.bench.jmh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.client.ClientListeners;
import dev.copilotj.internal.event.SessionEventDecoder;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.session.NotificationRouter;
import dev.copilotj.internal.turn.TurnTracker;
import dev.copilotj.spring.boot.metrics.CopilotMetrics;
import dev.copilotj.spring.boot.observation.CopilotTurnObservations;
import dev.copilotj.turn.TurnListener;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the Spring Boot starter's metrics and observations cost per plain turn, on the reader thread: the typed
 * events of one real turn ({@code plain-turn.jsonl}) handed to a session's turn tracker and to the client's session
 * event observers, as {@code CopilotSession} does for every event it receives, with {@link CopilotMetrics} bound to
 * a simple registry and {@link CopilotTurnObservations} recording into an observation registry with Micrometer's
 * meter handler (as Boot sets it up). The client is never started; its listener lists are read once by reflection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class TurnInstrumentationBenchmark {

  private static final SessionEventDecoder DECODER = new SessionEventDecoder();

  private CopilotClient client;
  private CopilotMetrics metrics;
  private CopilotTurnObservations observations;
  private List<Consumer<? super SessionEvent>> observers;
  private List<TurnListener> turnListeners;
  private TurnTracker tracker;
  private SessionEvent[] turn;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    List<SessionEvent> events = new ArrayList<>();
    try (InputStream in = TurnInstrumentationBenchmark.class.getResourceAsStream("plain-turn.jsonl");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode message = Json.MAPPER.readTree(line);
        if (NotificationRouter.SESSION_EVENT.equals(message.path("method").asText())) {
          JsonNode params = message.path("params");
          events.add(DECODER.decode(params.path("sessionId").asText(), params.path("event")));
        }
      }
    }
    turn = events.toArray(SessionEvent[]::new);
    client = new CopilotClient(CopilotClientOptions.builder().serverAddress("127.0.0.1:1").build());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    metrics = new CopilotMetrics(client);
    metrics.bindTo(meters);
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    observations = new CopilotTurnObservations(client, registry, null, false, false);
    observers = listeners(client).sessionEventObservers();
    turnListeners = listeners(client).turnListeners();
    tracker = new TurnTracker(turn[0].sessionId(), System::nanoTime);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    observations.close();
    metrics.close();
    client.close();
  }

  /** One plain turn's events through the tracker and the observers, as {@code CopilotSession} hands them over. */
  @Benchmark
  public int plainTurn() {
    for (SessionEvent event : turn) {
      if (!turnListeners.isEmpty() || tracker.isOpen()) {
        tracker.accept(event, turnListeners);
      }
      for (Consumer<? super SessionEvent> observer : observers) {
        observer.accept(event);
      }
    }
    return observers.size();
  }

  private static ClientListeners listeners(CopilotClient client) throws ReflectiveOperationException {
    Field field = CopilotClient.class.getDeclaredField("listeners");
    field.setAccessible(true);
    return (ClientListeners) field.get(client);
  }
}
