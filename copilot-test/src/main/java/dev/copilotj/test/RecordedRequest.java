package dev.copilotj.test;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Any HTTP request {@link FakeCopilotApi} received, including ones it answered with 404.
 *
 * @param method the HTTP method
 * @param path the path without query string
 * @param query the raw query string, or {@code null}
 * @param headers request headers, names in lower case, first value only
 * @param body the request body as UTF-8 text (empty when there is none)
 */
public record RecordedRequest(
    String method, String path, @Nullable String query, Map<String, String> headers, String body) {

  /** Checks the components. */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A header value by case-insensitive name, or {@code null}. */
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
