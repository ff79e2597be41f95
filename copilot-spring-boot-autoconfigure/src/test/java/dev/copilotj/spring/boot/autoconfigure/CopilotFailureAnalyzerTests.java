package dev.copilotj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotAuthenticationException;
import dev.copilotj.CopilotCliNotFoundException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotException;
import dev.copilotj.ProtocolVersionMismatchException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/** Tests for {@link CopilotFailureAnalyzer}. */
class CopilotFailureAnalyzerTests {

  private final CopilotFailureAnalyzer analyzer = new CopilotFailureAnalyzer();

  @Test
  void aMissingCliNamesThePropertyTheVariableAndTheInstallCommand() {
    CopilotCliNotFoundException failure = new CopilotCliNotFoundException("Cannot find the Copilot CLI.");
    FailureAnalysis analysis = this.analyzer.analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getCause()).isSameAs(failure);
    assertThat(analysis.getDescription()).contains("Cannot find the Copilot CLI.");
    assertThat(analysis.getAction()).contains("copilot.cli.path").contains("COPILOT_CLI_PATH")
        .contains("npm install -g @github/copilot@" + CopilotClient.TESTED_CLI_VERSION)
        .contains("npm install -g @github/copilot@1.0.102")
        .contains("copilot.lifecycle.fail-fast=false");
  }

  @Test
  void aProtocolMismatchNamesTheCliVersionToInstall() {
    ProtocolVersionMismatchException failure = new ProtocolVersionMismatchException(3, 2, "0.0.300");
    FailureAnalysis analysis = this.analyzer.analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getCause()).isSameAs(failure);
    assertThat(analysis.getDescription()).contains("protocol version 2").contains("version 3").contains("0.0.300");
    assertThat(analysis.getAction()).contains("Copilot CLI 1.0.102")
        .contains("npm install -g @github/copilot@1.0.102").contains("copilot.cli.path");
  }

  @Test
  void aMissingAuthenticationNamesTheTokenPropertyTheLoginAndTheSwitch() {
    CopilotAuthenticationException failure = new CopilotAuthenticationException(
        "The Copilot CLI is not authenticated (Not logged in).");
    FailureAnalysis analysis = this.analyzer.analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getCause()).isSameAs(failure);
    assertThat(analysis.getDescription()).contains("Not logged in");
    assertThat(analysis.getAction()).contains("copilot.auth.github-token").contains("COPILOT_AUTH_GITHUBTOKEN")
        .contains("copilot login").contains("copilot.auth.required=false");
  }

  @Test
  void findsTheCauseWhenWrapped() {
    CopilotCliNotFoundException cause = new CopilotCliNotFoundException("not there");
    Throwable wrapped = new ApplicationContextException("Failed to start bean 'copilotClientLifecycle'",
        new CopilotException("Starting the Copilot client failed", cause));
    FailureAnalysis analysis = this.analyzer.analyze(wrapped);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getCause()).isSameAs(cause);

    CopilotAuthenticationException auth = new CopilotAuthenticationException("no identity");
    analysis = this.analyzer.analyze(new BeanCreationException("someBean", "failed", auth));
    assertThat(analysis).isNotNull();
    assertThat(analysis.getCause()).isSameAs(auth);
  }

  @Test
  void ignoresOtherFailures() {
    assertThat(this.analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
    assertThat(this.analyzer.analyze(new ApplicationContextException("wrapped",
        new ConnectionClosedException("closed", 1, "", null)))).isNull();
  }

  @Test
  void isRegisteredInSpringFactories() {
    // some of Boot's analyzers need constructor arguments: skip those, as Boot's FailureAnalyzers would supply them
    FailureHandler skipOthers = FailureHandler.handleMessage((message, failure) -> {
    });
    assertThat(SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
        .load(FailureAnalyzer.class, null, skipOthers)).hasAtLeastOneElementOfType(CopilotFailureAnalyzer.class);
  }
}
