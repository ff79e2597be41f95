package dev.copilotj.internal.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CLI sends {@code session.created} and {@code session.deleted} twice; listeners should hear each
 * once. Remembers the ids seen, bounded so a long-running client does not grow without end.
 */
public final class LifecycleDeduplicator {

  private static final int REMEMBERED = 4096;

  private final Set<String> created = boundedSet();
  private final Set<String> deleted = boundedSet();

  /**
   * Decides whether a notification is new.
   *
   * @param type the lifecycle type
   * @param sessionId the session id
   * @return false for a repeat of a {@code session.created} or {@code session.deleted} already seen
   */
  public synchronized boolean isFirst(String type, String sessionId) {
    switch (type) {
      case "session.created":
        deleted.remove(sessionId);
        return created.add(sessionId);
      case "session.deleted":
        created.remove(sessionId);
        return deleted.add(sessionId);
      default:
        return true;
    }
  }

  private static Set<String> boundedSet() {
    return Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > REMEMBERED;
      }
    });
  }
}
