package dev.copilotj.request;

import dev.copilotj.CopilotException;
import org.jspecify.annotations.Nullable;

/**
 * One request the CLI sent to this client: its method, the session it concerns (when its params carry a
 * {@code sessionId}) and its params.
 */
public interface ServerRequest {

  /** @return the method, for example {@code hooks.invoke} */
  String method();

  /** @return the session the request concerns, or null for a client-wide one */
  @Nullable String sessionId();

  /** @return the params as JSON text */
  String paramsJson();

  /**
   * Reads the params into a type of yours (a record, a map, ...); unknown fields are ignored.
   *
   * @param type the type
   * @param <T> the type
   * @return the params
   * @throws CopilotException naming the method and the type when they do not fit
   */
  <T> T params(Class<T> type);
}
