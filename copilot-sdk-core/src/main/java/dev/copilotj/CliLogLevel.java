package dev.copilotj;

import java.util.Locale;

/** The CLI's {@code --log-level}; the CLI writes its log to files under its home directory. */
public enum CliLogLevel {
  /** No log. */
  NONE,
  /** Errors only. */
  ERROR,
  /** Warnings and errors. */
  WARNING,
  /** Informational messages and up. */
  INFO,
  /** Debug messages and up. */
  DEBUG,
  /** Everything. */
  ALL;

  /** @return the value the CLI's {@code --log-level} flag takes */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
