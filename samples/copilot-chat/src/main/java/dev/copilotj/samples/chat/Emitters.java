package dev.copilotj.samples.chat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A set of open server-sent event streams; a stream whose page went away is dropped on the next send. */
final class Emitters {

  private static final Logger log = LoggerFactory.getLogger(Emitters.class);

  private final String name;
  private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

  Emitters(String name) {
    this.name = name;
  }

  /** @return a new stream without timeout, in the set until it completes, fails or times out */
  SseEmitter add() {
    SseEmitter emitter = new SseEmitter(0L);
    add(emitter);
    return emitter;
  }

  /** Adds a stream until it completes, fails or times out. */
  void add(SseEmitter emitter) {
    emitters.add(emitter);
    emitter.onCompletion(() -> emitters.remove(emitter));
    emitter.onTimeout(() -> emitters.remove(emitter));
    emitter.onError(error -> emitters.remove(emitter));
  }

  void remove(SseEmitter emitter) {
    emitters.remove(emitter);
  }

  boolean isEmpty() {
    return emitters.isEmpty();
  }

  /** Sends one event to every stream. */
  void send(String event, Object data) {
    for (SseEmitter emitter : emitters) {
      try {
        emitter.send(SseEmitter.event().name(event).data(data));
      } catch (IOException | IllegalStateException e) {
        // the page went away; the container reports it to the emitter's callbacks as well
        log.debug("Dropping a {} stream: {}", name, e.toString());
        emitters.remove(emitter);
      }
    }
  }

  /** Sends a comment to every stream. */
  void heartbeat() {
    for (SseEmitter emitter : emitters) {
      try {
        emitter.send(SseEmitter.event().comment("keep-alive"));
      } catch (IOException | IllegalStateException e) {
        emitters.remove(emitter);
      }
    }
  }

  /** Completes every stream. */
  void completeAll() {
    for (SseEmitter emitter : emitters) {
      emitters.remove(emitter);
      try {
        emitter.complete();
      } catch (RuntimeException e) {
        log.debug("Completing a {} stream failed: {}", name, e.toString());
      }
    }
  }
}
