package dev.copilotj.internal.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses ISO-8601 instants, with a fast path for the one shape the CLI writes.
 *
 * <p>Every event and lifecycle notification carries timestamps such as {@code 2026-11-25T19:04:12.345Z}
 * (JavaScript's {@code toISOString()}). {@link Instant#parse} handles them in about 0.5 µs and several
 * allocations through the general formatter; reading the fixed positions is ten times cheaper. Any other
 * shape, and any value the fast path does not accept, goes to {@link Instant#parse}, so results are the same.
 */
public final class IsoInstant {

  private static final int FIXED_LENGTH = "2026-11-25T19:04:12.345Z".length();

  private IsoInstant() {
  }

  /**
   * Parses an instant such as {@code 2026-11-25T19:04:12.345Z} or {@code 2026-11-25T19:04:12+02:00}.
   *
   * @param text the text
   * @return the instant
   * @throws DateTimeParseException when the text is not an ISO-8601 instant
   */
  public static Instant parse(String text) {
    if (text.length() == FIXED_LENGTH && hasFixedShape(text)) {
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      if (hour <= 23 && minute <= 59 && second <= 59) {
        try {
          long epochDay = LocalDate.of(digits(text, 0, 4), month, day).toEpochDay();
          long epochSecond = epochDay * 86_400 + hour * 3_600 + minute * 60 + second;
          return Instant.ofEpochSecond(epochSecond, digits(text, 20, 3) * 1_000_000L);
        } catch (DateTimeException e) {
          // no such date: the general parser says so in its own words
        }
      }
    }
    return Instant.parse(text);
  }

  private static boolean hasFixedShape(String text) {
    for (int i = 0; i < FIXED_LENGTH; i++) {
      char c = text.charAt(i);
      boolean ok = switch (i) {
        case 4, 7 -> c == '-';
        case 10 -> c == 'T';
        case 13, 16 -> c == ':';
        case 19 -> c == '.';
        case 23 -> c == 'Z';
        default -> c >= '0' && c <= '9';
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }
}
