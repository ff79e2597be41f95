package dev.copilotj.bench.jmh;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.CopilotException;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.event.EventJson;
import dev.copilotj.internal.event.SessionEventDecoder;
import dev.copilotj.internal.json.IsoInstant;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.rpc.FrameDecoder;
import dev.copilotj.internal.session.NotificationRouter;
import dev.copilotj.internal.session.SessionEndpoint;
import dev.copilotj.internal.session.SessionRegistry;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CPU per plain turn on one core, without any thread hand-off: the ~30 frames (about 85 KiB) the real CLI sends
 * during one plain turn (captured by {@code CaptureTurn}, prose scrambled), decoded the way the raw client does it
 * (frame + Jackson tree) and the way the SDK does it (frame + tree + router + typed decoding), and the two costly
 * parts of the SDK's decoding on their own: re-writing the {@code data} of event types the SDK has no record for
 * as JSON text ({@code UnknownSessionEvent}), and parsing every event's timestamp with {@link Instant#parse}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
@Warmup(iterations = 5, time = 2) // the SDK path takes several seconds to reach C2 steady state
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class TurnDecodeBenchmark {

  private static final SessionEventDecoder DECODER = new SessionEventDecoder();
  private static final ObjectMapper RAW_MAPPER = new ObjectMapper();

  private EventFrames.Rewindable input;
  private FrameDecoder decoder;
  private NotificationRouter router;
  private JsonNode[] events;
  private String[] sessionIds;
  private JsonNode[] unknownData;
  private String[] timestamps;
  private Blackhole sink;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) throws IOException {
    sink = blackhole;
    List<String> bodies = new ArrayList<>();
    try (InputStream in = TurnDecodeBenchmark.class.getResourceAsStream("plain-turn.jsonl");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          bodies.add(line);
        }
      }
    }
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<JsonNode> eventList = new ArrayList<>();
    List<String> idList = new ArrayList<>();
    List<JsonNode> unknown = new ArrayList<>();
    List<String> stamps = new ArrayList<>();
    Set<String> known = SessionEventDecoder.knownTypes();
    SessionRegistry registry = new SessionRegistry(128, 256, Duration.ofSeconds(30), System::nanoTime);
    router = new NotificationRouter(registry, event -> sink.consume(event));
    for (String body : bodies) {
      stream.writeBytes(EventFrames.frame(body));
      JsonNode message = Json.MAPPER.readTree(body);
      if (NotificationRouter.SESSION_EVENT.equals(message.path("method").asText())) {
        JsonNode event = message.path("params").path("event");
        String id = message.path("params").path("sessionId").asText();
        if (registry.live(id) == null) {
          registry.putLive(id, new InlineEndpoint(id));
        }
        eventList.add(event);
        idList.add(id);
        stamps.add(event.path("timestamp").asText());
        if (!known.contains(event.path("type").asText())) {
          unknown.add(event.path("data"));
        }
      }
    }
    input = new EventFrames.Rewindable(stream.toByteArray());
    decoder = new FrameDecoder(input, 16 << 20);
    events = eventList.toArray(JsonNode[]::new);
    sessionIds = idList.toArray(String[]::new);
    unknownData = unknown.toArray(JsonNode[]::new);
    timestamps = stamps.toArray(String[]::new);
  }

  /** What the raw client's reader does with a turn: frames, a Jackson tree each, a look at method and type. */
  @Benchmark
  public void rawClientReader() throws IOException {
    input.rewind();
    byte[] body;
    while ((body = decoder.readFrame()) != null) {
      JsonNode message = RAW_MAPPER.readTree(body);
      sink.consume(message.path("params").path("event").path("type").asText());
    }
  }

  /** What the SDK does with a turn on its reader thread and its lane, minus the hand-off between them. */
  @Benchmark
  public void sdkReaderAndDecode() throws IOException {
    input.rewind();
    byte[] body;
    while ((body = decoder.readFrame()) != null) {
      EventFrames.dispatch(body, router);
    }
  }

  /** The SDK's typed decoding of a turn's events alone (trees already parsed). */
  @Benchmark
  public void sdkDecodeOnly() {
    for (int i = 0; i < events.length; i++) {
      sink.consume(DECODER.decode(sessionIds[i], events[i]));
    }
  }

  /**
   * What the SDK did before {@code UnknownSessionEvent} became lazy: writing the data of types without a record back
   * to JSON text for every event. Now only a listener that asks for the text pays this, once per event.
   */
  @Benchmark
  public void unknownDataToJsonText() {
    for (JsonNode data : unknownData) {
      sink.consume(EventJson.write(data));
    }
  }

  /** What the SDK did before {@link IsoInstant}: one {@link Instant#parse} per event timestamp. */
  @Benchmark
  public void timestampsInstantParse() {
    for (String stamp : timestamps) {
      sink.consume(Instant.parse(stamp));
    }
  }

  /** The part of {@link #sdkDecodeOnly}: one {@link IsoInstant#parse} per event timestamp. */
  @Benchmark
  public void timestampsIsoInstant() {
    for (String stamp : timestamps) {
      sink.consume(IsoInstant.parse(stamp));
    }
  }

  /** Decodes inline, on the calling thread, and hands the typed event to the blackhole. */
  private final class InlineEndpoint implements SessionEndpoint {
    private final String id;

    InlineEndpoint(String id) {
      this.id = id;
    }

    @Override
    public void deliver(JsonNode event) {
      SessionEvent decoded = DECODER.decode(id, event);
      sink.consume(decoded);
    }

    @Override
    public void terminate(CopilotException cause) {
    }
  }
}
