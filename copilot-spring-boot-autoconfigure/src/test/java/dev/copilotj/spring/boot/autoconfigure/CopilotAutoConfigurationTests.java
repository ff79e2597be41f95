package dev.copilotj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.copilotj.ClientState;
import dev.copilotj.CliLogLevel;
import dev.copilotj.CloudOptions;
import dev.copilotj.CopilotCliNotFoundException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.RestartPolicy;
import dev.copilotj.SessionConfig;
import dev.copilotj.SystemMessageMode;
import dev.copilotj.TransportMode;
import dev.copilotj.spring.boot.autoconfigure.event.CopilotEventsAutoConfiguration;
import dev.copilotj.spring.boot.event.CopilotApplicationEventBridge;
import dev.copilotj.tool.PermissionDecision;
import dev.copilotj.tool.PermissionHandler;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Tests for {@link CopilotAutoConfiguration}. None of them starts a CLI: the runner does start the context's
 * lifecycles on refresh (as any application context does), so the runner turns auto-startup off, and the tests
 * that start the lifecycle point the client at a CLI path that does not exist.
 */
class CopilotAutoConfigurationTests {

  private static final String MISSING_CLI = "copilot.cli.path=no-such-dir/copilot-cli-for-tests";

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class, CopilotEventsAutoConfiguration.class))
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  @Test
  void registersTheClientConfigurerLifecycleAndBridgeWithoutStartingTheCli() {
    this.contextRunner.run(context -> {
      assertThat(context).hasNotFailed()
          .hasSingleBean(CopilotProperties.class)
          .hasSingleBean(CopilotClientConfigurer.class)
          .hasSingleBean(CopilotClient.class)
          .hasSingleBean(CopilotClientLifecycle.class)
          .hasSingleBean(CopilotApplicationEventBridge.class)
          .hasBean("copilotClient")
          .hasBean("copilotClientLifecycle")
          .hasBean("copilotApplicationEventBridge");
      CopilotClient client = context.getBean(CopilotClient.class);
      assertThat(client.state()).isEqualTo(ClientState.NOT_STARTED);
      assertThat(client.cliPid()).isNull();
      assertThat(context.getBean(CopilotClientLifecycle.class).isRunning()).isFalse();
    });
  }

  @Test
  void defaultsMatchTheCoreDefaults() {
    this.contextRunner.run(context -> {
      CopilotClientOptions options = context.getBean(CopilotClient.class).options();
      CopilotClientOptions core = CopilotClientOptions.defaults();
      assertThat(options.cli().path()).isNull();
      assertThat(options.cli().args()).isEmpty();
      assertThat(options.cli().environment()).isEmpty();
      assertThat(options.cli().inheritEnvironment()).isTrue();
      assertThat(options.cli().logLevel()).isEqualTo(core.cli().logLevel());
      assertThat(options.cli().transport()).isEqualTo(core.cli().transport());
      assertThat(options.auth().githubToken()).isNull();
      assertThat(options.auth().useLoggedInUser()).isNull();
      assertThat(options.server().connectsToServer()).isFalse();
      assertThat(options.timeouts().startup()).isEqualTo(core.timeouts().startup());
      assertThat(options.timeouts().request()).isEqualTo(core.timeouts().request());
      assertThat(options.timeouts().shutdown()).isEqualTo(core.timeouts().shutdown());
      assertThat(options.earlyEvents().size()).isEqualTo(core.earlyEvents().size());
      assertThat(options.earlyEvents().ttl()).isEqualTo(core.earlyEvents().ttl());
      assertThat(options.restartPolicy()).isEqualTo(RestartPolicy.none()).isEqualTo(core.restartPolicy());
      assertThat(options.sessionIdleTimeout()).isNull();
      SessionConfig defaults = options.sessionDefaults();
      assertThat(defaults.model()).isNull();
      assertThat(defaults.streaming()).isFalse();
      assertThat(defaults.tools()).isEmpty();
      assertThat(defaults.cloud()).isNull();
      assertThat(defaults.clientName()).isNull();
      assertThat(defaults.systemMessageMode()).isEqualTo(SystemMessageMode.APPEND);
    });
  }

  @Test
  void cliPropertiesMapOntoTheOptions(@TempDir Path dir) {
    this.contextRunner.withPropertyValues("copilot.cli.path=" + dir.resolve("copilot"),
        "copilot.cli.args[0]=--experimental", "copilot.cli.args[1]=--banner", "copilot.cli.env.COPILOT_HOME=copilot-home",
        "copilot.cli.env[LANG]=C.UTF-8", "copilot.cli.inherit-environment=false",
        "copilot.cli.working-directory=" + dir, "copilot.cli.log-level=debug", "copilot.cli.transport=tcp",
        "copilot.cli.port=4321").run(context -> {
          CopilotClientOptions options = context.getBean(CopilotClient.class).options();
          assertThat(options.cli().path()).isEqualTo(dir.resolve("copilot"));
          assertThat(options.cli().args()).containsExactly("--experimental", "--banner");
          assertThat(options.cli().environment()).containsEntry("COPILOT_HOME", "copilot-home").containsEntry("LANG", "C.UTF-8")
              .hasSize(2);
          assertThat(options.cli().inheritEnvironment()).isFalse();
          assertThat(options.cli().workingDirectory()).isEqualTo(dir);
          assertThat(options.cli().logLevel()).isEqualTo(CliLogLevel.DEBUG);
          assertThat(options.cli().transport()).isEqualTo(TransportMode.TCP);
          assertThat(options.cli().port()).isEqualTo(4321);
          assertThat(options.server().connectsToServer()).isFalse();
        });
  }

  @Test
  void maxFrameSizeMapsOntoTheFrameLimit() {
    this.contextRunner.withPropertyValues("copilot.client.max-frame-size=1MB").run(context ->
        assertThat(context.getBean(CopilotClient.class).options().maxFrameBytes()).isEqualTo(1024 * 1024));
    this.contextRunner.run(context ->
        assertThat(context.getBean(CopilotClient.class).options().maxFrameBytes())
            .isEqualTo(CopilotClientOptions.defaults().maxFrameBytes()));
  }

  @Test
  void aFrameLimitOutOfRangeFailsNamingTheProperty() {
    this.contextRunner.withPropertyValues("copilot.client.max-frame-size=4GB").run(context ->
        assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("copilot.client.max-frame-size").hasMessageContaining("4294967296B"));
  }

  @Test
  void theQualifiedExecutorRunsTheCallbacksAndOtherExecutorsAreIgnored() {
    Executor mine = Runnable::run;
    this.contextRunner.withBean("copilotCallbacks", Executor.class, () -> mine,
        definition -> ((AbstractBeanDefinition) definition)
            .addQualifier(new AutowireCandidateQualifier(CopilotCallbackExecutor.class)))
        .run(context -> assertThat(context.getBean(CopilotClient.class).options().executor()).isSameAs(mine));
    this.contextRunner.withBean("someExecutor", Executor.class, () -> mine)
        .run(context -> assertThat(context.getBean(CopilotClient.class).options().executor()).isNull());
  }

  @Test
  void serverAddressMapsOntoTheServerAddressAndWinsOverTheCliPath() {
    this.contextRunner.withPropertyValues("copilot.server.address=127.0.0.1:4567",
        "copilot.server.connection-token=conn-token", "copilot.cli.path=bin/copilot").run(context -> {
          CopilotClientOptions options = context.getBean(CopilotClient.class).options();
          assertThat(options.server().connectsToServer()).isTrue();
          assertThat(options.server().host()).isEqualTo("127.0.0.1");
          assertThat(options.server().port()).isEqualTo(4567);
          assertThat(options.server().connectionToken()).isEqualTo("conn-token");
          assertThat(options.cli().path()).isNull();
        });
  }

  @Test
  void authPropertiesMapOntoTheOptions() {
    this.contextRunner.withPropertyValues("copilot.auth.github-token=gho_test", "copilot.auth.use-logged-in-user=true")
        .run(context -> {
          CopilotClientOptions options = context.getBean(CopilotClient.class).options();
          assertThat(options.auth().githubToken()).isEqualTo("gho_test");
          assertThat(options.auth().useLoggedInUser()).isTrue();
        });
  }

  @Test
  void theDeprecatedNamesStillBindAndTheNewNamesWin() {
    this.contextRunner.withPropertyValues("copilot.server.url=127.0.0.1:4000")
        .run(context -> {
          CopilotClientOptions options = context.getBean(CopilotClient.class).options();
          assertThat(options.server().port()).isEqualTo(4000);
        });
    this.contextRunner.withPropertyValues("copilot.auth.token=gho_old").run(context ->
        assertThat(context.getBean(CopilotClient.class).options().auth().githubToken()).isEqualTo("gho_old"));
    this.contextRunner.withPropertyValues("copilot.auth.token=gho_old", "copilot.auth.github-token=gho_new")
        .run(context -> assertThat(context.getBean(CopilotClient.class).options().auth().githubToken())
            .isEqualTo("gho_new"));
    this.contextRunner.withPropertyValues("copilot.server.url=127.0.0.1:4000", "copilot.server.address=127.0.0.1:5000")
        .run(context -> assertThat(context.getBean(CopilotClient.class).options().server().port()).isEqualTo(5000));
  }

  @Test
  void theTokenNeverShowsInToString() {
    this.contextRunner.withPropertyValues("copilot.auth.github-token=gho_SuperSecret123",
        "copilot.server.connection-token=conn-SuperSecret456").run(context -> {
          CopilotClient client = context.getBean(CopilotClient.class);
          assertThat(client.options().toString()).doesNotContain("SuperSecret").contains("******");
          assertThat(client.toString()).doesNotContain("SuperSecret");
        });
  }

  @Test
  void theRestartPropertiesMapOntoTheRestartPolicy() {
    this.contextRunner.withPropertyValues("copilot.client.restart.enabled=true",
        "copilot.client.restart.max-attempts=3", "copilot.client.restart.initial-backoff=200ms",
        "copilot.client.restart.max-backoff=2s").run(context -> {
          RestartPolicy policy = context.getBean(CopilotClient.class).options().restartPolicy();
          assertThat(policy).isEqualTo(RestartPolicy.attempts(3, Duration.ofMillis(200), Duration.ofSeconds(2)));
        });
  }

  @Test
  void enablingRestartsAloneUsesTheDocumentedDefaults() {
    this.contextRunner.withPropertyValues("copilot.client.restart.enabled=true").run(context -> assertThat(
        context.getBean(CopilotClient.class).options().restartPolicy())
        .isEqualTo(RestartPolicy.attempts(5, Duration.ofMillis(500), Duration.ofSeconds(30))));
  }

  @Test
  void restartSettingsWithoutEnabledChangeNothing() {
    this.contextRunner.withPropertyValues("copilot.client.restart.max-attempts=9").run(context -> assertThat(
        context.getBean(CopilotClient.class).options().restartPolicy()).isEqualTo(RestartPolicy.none()));
  }

  @Test
  void invalidRestartSettingsFailTheStartupNamingTheProperties() {
    this.contextRunner.withPropertyValues("copilot.client.restart.enabled=true",
        "copilot.client.restart.max-attempts=0").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .hasStackTraceContaining("Invalid copilot.client.restart.* properties (max-attempts 0")
              .hasStackTraceContaining("Set max-attempts to at least 1");
        });
  }

  @Test
  void timeoutsAndTheEarlyEventBufferMapOntoTheOptions() {
    this.contextRunner.withPropertyValues("copilot.client.startup-timeout=12s", "copilot.client.request-timeout=2m",
        "copilot.client.shutdown-timeout=1500ms", "copilot.client.early-event-buffer-size=7",
        "copilot.client.early-event-ttl=3s", "copilot.client.session-idle-timeout=30m").run(context -> {
          CopilotClientOptions options = context.getBean(CopilotClient.class).options();
          assertThat(options.timeouts().startup()).isEqualTo(Duration.ofSeconds(12));
          assertThat(options.timeouts().request()).isEqualTo(Duration.ofMinutes(2));
          assertThat(options.timeouts().shutdown()).isEqualTo(Duration.ofMillis(1500));
          assertThat(options.earlyEvents().size()).isEqualTo(7);
          assertThat(options.earlyEvents().ttl()).isEqualTo(Duration.ofSeconds(3));
          assertThat(options.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        });
  }

  @Test
  void sessionPropertiesMapOntoTheSessionDefaults(@TempDir Path dir) {
    this.contextRunner.withPropertyValues("copilot.session.model=claude-sonnet-4.5", "copilot.session.streaming=true",
        "copilot.session.system-message=Be brief.", "copilot.session.system-message-mode=replace",
        "copilot.session.client-name=orders", "copilot.session.working-directory=" + dir,
        "spring.application.name=ignored-when-client-name-is-set").run(context -> {
          CopilotClient client = context.getBean(CopilotClient.class);
          SessionConfig defaults = client.sessionDefaults();
          assertThat(defaults.model()).isEqualTo("claude-sonnet-4.5");
          assertThat(defaults.streaming()).isTrue();
          assertThat(defaults.systemMessage()).isEqualTo("Be brief.");
          assertThat(defaults.systemMessageMode()).isEqualTo(SystemMessageMode.REPLACE);
          assertThat(defaults.clientName()).isEqualTo("orders");
          assertThat(defaults.workingDirectory()).isEqualTo(dir);
          assertThat(client.options().sessionDefaults()).isSameAs(defaults);
        });
  }

  @Test
  void theClientNameDefaultsToTheApplicationName() {
    this.contextRunner.withPropertyValues("spring.application.name=order-service")
        .run(context -> assertThat(context.getBean(CopilotClient.class).sessionDefaults().clientName())
            .isEqualTo("order-service"));
  }

  @Test
  void toolAndPermissionHandlerBeansBecomeSessionDefaults() {
    this.contextRunner.withUserConfiguration(ToolsConfiguration.class).run(context -> {
      SessionConfig defaults = context.getBean(CopilotClient.class).sessionDefaults();
      assertThat(defaults.tools()).extracting(ToolDefinition::name).containsExactly("first_tool", "second_tool");
      assertThat(defaults.permissionHandler()).isSameAs(context.getBean(PermissionHandler.class));
    });
  }

  @Test
  void cloudEnabledMakesTheSessionDefaultsCloudSessions() {
    this.contextRunner.withPropertyValues("copilot.cloud.enabled=true", "copilot.cloud.repository.owner=octo",
        "copilot.cloud.repository.name=hello", "copilot.cloud.repository.branch=main").run(context -> {
          CloudOptions cloud = context.getBean(CopilotClient.class).sessionDefaults().cloud();
          assertThat(cloud).isEqualTo(new CloudOptions("octo", "hello", "main"));
        });
  }

  @Test
  void cloudDisabledByDefaultEvenWithARepository() {
    this.contextRunner.withPropertyValues("copilot.cloud.repository.owner=octo")
        .run(context -> assertThat(context.getBean(CopilotClient.class).sessionDefaults().cloud()).isNull());
  }

  @Test
  void disabledRemovesEverything() {
    this.contextRunner.withPropertyValues("copilot.enabled=false").run(context -> assertThat(context)
        .hasNotFailed()
        .doesNotHaveBean(CopilotProperties.class)
        .doesNotHaveBean(CopilotClientConfigurer.class)
        .doesNotHaveBean(CopilotClient.class)
        .doesNotHaveBean(CopilotClientLifecycle.class)
        .doesNotHaveBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void withoutTheCoreOnTheClasspathNothingIsRegistered() {
    this.contextRunner.withClassLoader(new FilteredClassLoader(CopilotClient.class)).run(context -> assertThat(context)
        .hasNotFailed()
        .doesNotHaveBean("copilotClient")
        .doesNotHaveBean("copilotClientConfigurer")
        .doesNotHaveBean("copilotClientLifecycle")
        .doesNotHaveBean("copilotApplicationEventBridge")
        .doesNotHaveBean(CopilotProperties.class));
  }

  @Test
  void eventsDisabledRemovesOnlyTheBridge() {
    this.contextRunner.withPropertyValues("copilot.events.enabled=false").run(context -> assertThat(context)
        .hasSingleBean(CopilotClient.class)
        .hasSingleBean(CopilotClientLifecycle.class)
        .doesNotHaveBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void aUserDefinedClientWins() {
    this.contextRunner.withUserConfiguration(UserClientConfiguration.class).run(context -> {
      assertThat(context).hasSingleBean(CopilotClient.class).hasBean("myClient").doesNotHaveBean("copilotClient");
      CopilotClient client = context.getBean(CopilotClient.class);
      assertThat(client.options().cli().args()).containsExactly("--mine");
      assertThat(context).hasSingleBean(CopilotClientLifecycle.class).hasSingleBean(CopilotApplicationEventBridge.class);
    });
  }

  @Test
  void severalUserClientsWithoutAPrimaryGetNoLifecycleAndNoBridge() {
    this.contextRunner.withUserConfiguration(UserClientConfiguration.class, SecondUserClientConfiguration.class)
        .run(context -> assertThat(context).hasNotFailed()
            .getBeans(CopilotClient.class).hasSize(2));
    this.contextRunner.withUserConfiguration(UserClientConfiguration.class, SecondUserClientConfiguration.class)
        .run(context -> assertThat(context).doesNotHaveBean(CopilotClientLifecycle.class)
            .doesNotHaveBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void aUserDefinedConfigurerWins() {
    this.contextRunner.withUserConfiguration(UserConfigurerConfiguration.class)
        .withPropertyValues("copilot.session.model=from-properties").run(context -> {
          assertThat(context).hasSingleBean(CopilotClientConfigurer.class).hasBean("myConfigurer");
          CopilotClient client = context.getBean(CopilotClient.class);
          assertThat(client.options().cli().args()).containsExactly("--from-my-configurer");
          assertThat(client.sessionDefaults().model()).isEqualTo("from-properties");
        });
  }

  @Test
  void aUserDefinedLifecycleWins() {
    this.contextRunner.withUserConfiguration(UserLifecycleConfiguration.class).run(context -> assertThat(context)
        .hasSingleBean(CopilotClientLifecycle.class).hasBean("myLifecycle").doesNotHaveBean("copilotClientLifecycle"));
  }

  @Test
  void customizersRunInOrderAfterTheProperties() {
    this.contextRunner.withUserConfiguration(CustomizersConfiguration.class)
        .withPropertyValues("copilot.cli.args=--from-properties").run(context -> {
          CustomizersConfiguration customizers = context.getBean(CustomizersConfiguration.class);
          assertThat(customizers.calls).containsExactly("first", "second");
          CopilotClientOptions options = context.getBean(CopilotClient.class).options();
          assertThat(options.cli().args()).containsExactly("--from-properties", "--first", "--second");
          assertThat(options.cli().environment()).containsEntry("WHO", "second");
        });
  }

  @Test
  void theConfigurerBuildsASecondClientTheSameWay() {
    this.contextRunner.withPropertyValues("copilot.session.model=m1", "copilot.cli.args=--x").run(context -> {
      CopilotClientConfigurer configurer = context.getBean(CopilotClientConfigurer.class);
      CopilotClientOptions second = configurer.configure(CopilotClientOptions.builder()).build();
      CopilotClientOptions first = context.getBean(CopilotClient.class).options();
      assertThat(second.toString()).isEqualTo(first.toString());
    });
  }

  @Test
  void theLifecyclePhaseDefaultsToBeforeTheWebServerAndIsConfigurable() {
    this.contextRunner.run(context -> {
      CopilotClientLifecycle lifecycle = context.getBean(CopilotClientLifecycle.class);
      assertThat(lifecycle.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 3072);
      // WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE is DEFAULT_PHASE - 2048
      assertThat(lifecycle.getPhase()).isLessThan(SmartLifecycle.DEFAULT_PHASE - 2048);
    });
    this.contextRunner.withPropertyValues("copilot.lifecycle.phase=42")
        .run(context -> assertThat(context.getBean(CopilotClientLifecycle.class).getPhase()).isEqualTo(42));
  }

  @Test
  void autoStartupIsConfigurable() {
    this.contextRunner
        .run(context -> assertThat(context.getBean(CopilotClientLifecycle.class).isAutoStartup()).isFalse());
    this.contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=true", "copilot.lifecycle.fail-fast=false",
        MISSING_CLI).run(context -> assertThat(context.getBean(CopilotClientLifecycle.class).isAutoStartup()).isTrue());
  }

  @Test
  void refreshingTheContextStartsTheLifecycleWhenAutoStartupIsOn() {
    // the runner refreshes the context, which starts SmartLifecycle beans: the start is attempted and fails
    this.contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=true", "copilot.lifecycle.fail-fast=false",
        MISSING_CLI).run(context -> assertThat(context.getBean(CopilotClient.class).state())
            .isEqualTo(ClientState.FAILED));
  }

  @Test
  void withFailFastAMissingCliFailsTheStartupWithAnAnalyzableFailure() {
    this.contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=true", MISSING_CLI).run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      assertThat(failure).hasRootCauseInstanceOf(CopilotCliNotFoundException.class);
      FailureAnalysis analysis = new CopilotFailureAnalyzer().analyze(failure);
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription()).contains("no-such-dir/copilot-cli-for-tests");
      assertThat(analysis.getAction()).contains("copilot.cli.path").contains("COPILOT_CLI_PATH");
    });
  }

  @Test
  void withoutFailFastTheContextStartsAndTheClientIsFailed() {
    this.contextRunner.withPropertyValues("copilot.lifecycle.auto-startup=true", "copilot.lifecycle.fail-fast=false",
        MISSING_CLI).run(context -> {
          assertThat(context).hasNotFailed();
          CopilotClient client = context.getBean(CopilotClient.class);
          assertThat(client.state()).isEqualTo(ClientState.FAILED);
          assertThat(client.failure()).isInstanceOf(CopilotCliNotFoundException.class);
          assertThat(client.cliPid()).isNull();
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class ToolsConfiguration {

    @Bean
    @Order(2)
    ToolDefinition secondTool() {
      return tool("second_tool");
    }

    @Bean
    @Order(1)
    ToolDefinition firstTool() {
      return tool("first_tool");
    }

    @Bean
    PermissionHandler permissionHandler() {
      return request -> PermissionDecision.approve();
    }

    private static ToolDefinition tool(String name) {
      return ToolDefinition.builder(name).description("A test tool").handler(call -> ToolResult.text("ok")).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserClientConfiguration {

    @Bean
    CopilotClient myClient() {
      return new CopilotClient(CopilotClientOptions.builder().cliArgs(List.of("--mine")).build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SecondUserClientConfiguration {

    @Bean
    CopilotClient otherClient() {
      return new CopilotClient(CopilotClientOptions.defaults());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserConfigurerConfiguration {

    @Bean
    CopilotClientConfigurer myConfigurer(CopilotProperties properties) {
      return new CopilotClientConfigurer(properties, List.of(), null,
          List.of(options -> options.cliArgs(List.of("--from-my-configurer"))), null);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserLifecycleConfiguration {

    @Bean
    CopilotClientLifecycle myLifecycle(CopilotClient client, CopilotProperties properties) {
      return new CopilotClientLifecycle(client, properties);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizersConfiguration {

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    CopilotClientCustomizer secondCustomizer() {
      return options -> {
        this.calls.add("second");
        options.cliArgs(appended(options, "--second")).environment("WHO", "second");
      };
    }

    @Bean
    @Order(1)
    CopilotClientCustomizer firstCustomizer() {
      return options -> {
        this.calls.add("first");
        options.cliArgs(appended(options, "--first")).environment("WHO", "first");
      };
    }

    private static List<String> appended(CopilotClientOptions.Builder options, String arg) {
      List<String> args = new ArrayList<>(options.build().cli().args());
      args.add(arg);
      return args;
    }
  }
}
