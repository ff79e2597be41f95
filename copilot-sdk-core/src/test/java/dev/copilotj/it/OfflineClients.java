package dev.copilotj.it;

import dev.copilotj.CliLogLevel;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.test.CopilotTestRig;

/** Client options that run the real CLI offline against the rig's fake model. */
final class OfflineClients {

  private OfflineClients() {
  }

  static CopilotClientOptions.Builder options(CopilotTestRig rig) {
    return CopilotClientOptions.builder()
        .cliPath(rig.cliPath())
        .inheritEnvironment(false)
        .environment(rig.environment())
        .githubToken(rig.token())
        .workingDirectory(rig.workDirectory())
        .logLevel(CliLogLevel.ERROR);
  }
}
