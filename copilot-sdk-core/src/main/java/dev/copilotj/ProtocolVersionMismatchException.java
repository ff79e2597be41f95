package dev.copilotj;

/** The CLI speaks a JSON-RPC protocol version this SDK does not. */
public class ProtocolVersionMismatchException extends CopilotException {

  private final int expectedVersion;
  private final int actualVersion;
  private final String cliVersion;

  /**
   * Creates the exception.
   *
   * @param expectedVersion the protocol version this SDK speaks
   * @param actualVersion the version the CLI reported
   * @param cliVersion the CLI's own version string, for the message
   */
  public ProtocolVersionMismatchException(int expectedVersion, int actualVersion, String cliVersion) {
    super("The Copilot CLI " + cliVersion + " speaks protocol version " + actualVersion
        + ", but this SDK speaks version " + expectedVersion
        + ". Install a CLI that speaks version " + expectedVersion
        + " (for example: npm install -g @github/copilot@" + CopilotClient.TESTED_CLI_VERSION + ")"
        + " or use an SDK release made for this CLI.");
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
    this.cliVersion = cliVersion;
  }

  /** @return the CLI's own version string, as it reported it */
  public String cliVersion() {
    return cliVersion;
  }

  /** @return the protocol version this SDK speaks */
  public int expectedVersion() {
    return expectedVersion;
  }

  /** @return the protocol version the CLI reported */
  public int actualVersion() {
    return actualVersion;
  }
}
