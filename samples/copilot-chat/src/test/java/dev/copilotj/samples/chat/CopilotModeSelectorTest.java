package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The online decisions; the offline one starts a CLI and is covered by {@link OfflineModeIT}. */
class CopilotModeSelectorTest {

  @Test
  void aTokenPropertyMeansOnlineWithTheConfiguredCli() {
    StandardEnvironment env = environment(Map.of("copilot.auth.github-token", "ghp_configured",
        "copilot.cli.path", "/opt/copilot/copilot"));

    CopilotMode mode = select(env);

    assertThat(mode.offline()).isFalse();
    assertThat(mode.fakeModelUrl()).isNull();
    assertThat(mode.description()).contains("copilot.auth.github-token").doesNotContain("ghp_configured");
    assertThat(env.getProperty("copilot.auth.github-token")).isEqualTo("ghp_configured");
    assertThat(env.getProperty("copilot.cli.path")).isEqualTo("/opt/copilot/copilot");
    assertThat(env.getPropertySources().contains(CopilotModeSelector.OFFLINE_PROPERTY_SOURCE)).isFalse();
  }

  @Test
  void theTokenEnvironmentVariableBecomesTheClientsToken() {
    StandardEnvironment env = environment(Map.of("COPILOT_GITHUB_TOKEN", "ghp_from_env",
        "copilot.cli.path", "/opt/copilot/copilot"));

    CopilotMode mode = select(env);

    assertThat(mode.offline()).isFalse();
    assertThat(mode.description()).contains("COPILOT_GITHUB_TOKEN").doesNotContain("ghp_from_env");
    assertThat(env.getProperty("copilot.auth.github-token")).isEqualTo("ghp_from_env");
  }

  @Test
  void aServerUrlMeansOnlineAgainstThatServer() {
    StandardEnvironment env = environment(Map.of("copilot.server.address", "127.0.0.1:4321"));

    CopilotMode mode = select(env);

    assertThat(mode.offline()).isFalse();
    assertThat(mode.description()).contains("127.0.0.1:4321");
  }

  @Test
  void theDeprecatedPropertyNamesStillMeanOnline() {
    assertThat(select(environment(Map.of("copilot.auth.token", "ghp_old", "copilot.cli.path", "/opt/copilot/copilot")))
        .offline()).isFalse();
    assertThat(select(environment(Map.of("copilot.server.url", "127.0.0.1:4321"))).description())
        .contains("127.0.0.1:4321");
  }

  private static CopilotMode select(StandardEnvironment env) {
    CopilotModeSelector selector = new CopilotModeSelector();
    selector.setEnvironment(env);
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    selector.postProcessBeanFactory(beans);
    assertThat(beans.getBean(OfflineModel.class)).isNotNull();
    return beans.getBean(CopilotMode.class);
  }

  /** An environment with only the given properties: nothing of this machine's environment gets in. */
  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return env;
  }
}
