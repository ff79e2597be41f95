package dev.copilotj.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

  /** JavaScript's {@code Date.prototype.toISOString()}, the shape the CLI writes. */
  private static final DateTimeFormatter JS_ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Provide
  Arbitrary<Instant> jsDates() {
    // years 0000-9999, every millisecond
    return Arbitraries.longs().between(-62_167_219_200_000L, 253_402_300_799_999L).map(Instant::ofEpochMilli);
  }

  @Property
  void readsTheCliShapeExactlyAsInstantParse(@ForAll("jsDates") Instant instant) {
    String text = JS_ISO.format(instant);
    assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text)).isEqualTo(instant);
  }

  @Property
  void agreesWithInstantParseOnArbitraryText(@ForAll("nearlyIso") String text) {
    Object expected;
    try {
      expected = Instant.parse(text);
    } catch (DateTimeParseException e) {
      expected = DateTimeParseException.class;
    }
    Object actual;
    try {
      actual = IsoInstant.parse(text);
    } catch (DateTimeParseException e) {
      actual = DateTimeParseException.class;
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> nearlyIso() {
    // the fixed shape with any digit or separator in any place: impossible dates, 24:00, 60 seconds ...
    return Arbitraries.strings().withChars("0123456789-:.TZ").ofLength(24)
        .injectDuplicates(0.01)
        .edgeCases(config -> config.add("2024-02-29T23:59:59.999Z"));
  }

  @Test
  void leavesOtherShapesToTheGeneralParser() {
    assertThat(IsoInstant.parse("2026-11-25T19:04:12Z")).isEqualTo(Instant.parse("2026-11-25T19:04:12Z"));
    assertThat(IsoInstant.parse("2026-11-25T19:04:12.123456789Z")).isEqualTo(
        Instant.parse("2026-11-25T19:04:12.123456789Z"));
    assertThat(IsoInstant.parse("2026-11-25T21:04:12.345+02:00")).isEqualTo(
        Instant.parse("2026-11-25T19:04:12.345Z"));
  }

  @Test
  void treatsImpossibleDatesLikeInstantParse() {
    assertThatThrownBy(() -> IsoInstant.parse("2026-02-30T00:00:00.000Z")).isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> IsoInstant.parse("2026-13-01T00:00:00.000Z")).isInstanceOf(DateTimeParseException.class);
    // Instant.parse reads 24:00 as the end of the day; so does the fallback
    assertThat(IsoInstant.parse("2026-11-25T24:00:00.000Z")).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    assertThatThrownBy(() -> IsoInstant.parse("not a date at all, no....")).isInstanceOf(DateTimeParseException.class);
    assertThat(IsoInstant.parse("2024-02-29T12:00:00.000Z")).isEqualTo(Instant.parse("2024-02-29T12:00:00.000Z"));
  }
}
