package dev.copilotj.bench;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.copilotj.test.CopilotTestRig;

/**
 * Regenerates the JMH resource {@code plain-turn.jsonl}: every frame the real CLI sends during the second plain
 * turn of a session (the first carries one-off session start events), one JSON body per line.
 *
 * <p>The capture keeps each message's shape, field names, numbers, ids, timestamps and string lengths, but long
 * prose (the CLI's system prompt, tool descriptions) is scrambled letter by letter, so the file carries no CLI
 * text while parsing and writing it costs what the real traffic costs. Run from the repository root:
 * {@code java -Dcopilot.cli.cache=$PWD/.cache/copilot-cli -cp copilot-bench/target/copilot-bench.jar
 * dev.copilotj.bench.CaptureTurn}.
 */
public final class CaptureTurn {

  private static final Pattern KEEP = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
  private static final String SESSION_ID = "5f0c4a1e-2b7d-4c89-9e3a-6d1f0b2c7a48";

  private CaptureTurn() {
  }

  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args.length > 0 ? args[0]
        : "copilot-bench/src/main/resources/dev/copilotj/bench/jmh/plain-turn.jsonl");
    List<byte[]> frames = Collections.synchronizedList(new ArrayList<>());
    String sessionId;
    try (CopilotTestRig rig = CopilotTestRig.start();
        RawClient client = RawClient.spawnAndConnect(CliSetup.of(rig))) {
      sessionId = UUID.randomUUID().toString();
      RawSession session = client.createSession(sessionId, false).get(60, TimeUnit.SECONDS);
      session.sendAndWait("Say hello").get(60, TimeUnit.SECONDS);
      client.capture(frames);
      session.sendAndWait("Say hello").get(60, TimeUnit.SECONDS);
      Thread.sleep(500); // trailing lifecycle notifications
      client.capture(null);
      session.destroy().get(30, TimeUnit.SECONDS);
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    long bytes = 0;
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      synchronized (frames) {
        for (byte[] frame : frames) {
          JsonNode tree = RawClient.JSON.readTree(frame);
          if (tree.has("id") && !tree.has("method")) {
            continue; // the session.send response
          }
          String line = RawClient.JSON.writeValueAsString(scrub(tree, sessionId));
          bytes += line.getBytes(StandardCharsets.UTF_8).length;
          w.write(line);
          w.write('\n');
        }
      }
    }
    System.out.printf("wrote %d frames, %d bytes to %s%n", frames.size(), bytes, out);
    System.exit(0);
  }

  private static JsonNode scrub(JsonNode node, String sessionId) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> copy = new ArrayList<>(object.properties());
      for (Map.Entry<String, JsonNode> e : copy) {
        object.set(e.getKey(), scrub(e.getValue(), sessionId));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, scrub(array.get(i), sessionId));
      }
      return array;
    }
    if (node.isTextual()) {
      String text = node.textValue().replace(sessionId, SESSION_ID);
      return new TextNode(text.length() <= 40 || KEEP.matcher(text).matches() ? text : scramble(text));
    }
    return node;
  }

  /** Same length, same whitespace and punctuation, letters replaced deterministically. */
  private static String scramble(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int state = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      state = state * 1103515245 + 12345;
      int r = (state >>> 16) % 26;
      if (c >= 'a' && c <= 'z') {
        out.append((char) ('a' + r));
      } else if (c >= 'A' && c <= 'Z') {
        out.append((char) ('A' + r));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
