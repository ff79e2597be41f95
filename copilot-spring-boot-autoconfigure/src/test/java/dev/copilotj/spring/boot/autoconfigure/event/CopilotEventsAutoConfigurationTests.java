package dev.copilotj.spring.boot.autoconfigure.event;

import dev.copilotj.test.ScriptedCliServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.CloudOptions;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration;
import dev.copilotj.spring.boot.event.CopilotApplicationEventBridge;
import dev.copilotj.spring.boot.event.CopilotClientStateChangedEvent;
import dev.copilotj.spring.boot.event.CopilotEvent;
import dev.copilotj.spring.boot.event.CopilotSessionCreatedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionCreateFailedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionDeletedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionErrorEvent;
import dev.copilotj.spring.boot.event.CopilotSessionEvent;
import dev.copilotj.spring.boot.event.CopilotSessionLifecycleEvent;
import dev.copilotj.spring.boot.event.CopilotSessionUpdatedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;

/**
 * Tests for {@link CopilotEventsAutoConfiguration} and the {@link CopilotApplicationEventBridge} it registers. The
 * end-to-end tests connect the auto-configured client to a {@link ScriptedCliServer} on 127.0.0.1, which sends the
 * notifications a CLI would; no CLI process runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class CopilotEventsAutoConfigurationTests {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CopilotAutoConfiguration.class, CopilotEventsAutoConfiguration.class))
      .withPropertyValues("copilot.lifecycle.auto-startup=false");

  private ScriptedCliServer server;

  @BeforeEach
  void startServer() throws Exception {
    this.server = ScriptedCliServer.start();
  }

  @AfterEach
  void stopServer() {
    this.server.close();
  }

  // ---------------------------------------------------------------- conditions

  @Test
  void registersTheBridgeByDefault() {
    this.contextRunner.run(context -> assertThat(context).hasSingleBean(CopilotApplicationEventBridge.class)
        .hasBean("copilotApplicationEventBridge"));
  }

  @Test
  void eventsDisabledRemovesTheBridge() {
    this.contextRunner.withPropertyValues("copilot.events.enabled=false").run(context -> assertThat(context)
        .hasSingleBean(CopilotClient.class).doesNotHaveBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void copilotDisabledRemovesTheBridgeEvenForAUserDefinedClient() {
    this.contextRunner.withUserConfiguration(UserClientConfiguration.class)
        .withPropertyValues("copilot.enabled=false").run(context -> assertThat(context)
            .hasSingleBean(CopilotClient.class).doesNotHaveBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void noClientNoBridge() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CopilotEventsAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void followsAUserDefinedClient() {
    this.contextRunner.withUserConfiguration(UserClientConfiguration.class).run(context -> {
      assertThat(context).hasSingleBean(CopilotApplicationEventBridge.class);
      assertThat(context.getBean(CopilotClient.class).options().cli().args()).containsExactly("--mine");
    });
  }

  @Test
  void backsOffWhenTwoClientsAndNoneIsPrimary() {
    this.contextRunner.withUserConfiguration(TwoClientsConfiguration.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void followsThePrimaryOfTwoClients() {
    this.contextRunner.withUserConfiguration(TwoClientsConfiguration.class, PrimaryClientConfiguration.class)
        .run(context -> assertThat(context).hasSingleBean(CopilotApplicationEventBridge.class));
  }

  @Test
  void aUserDefinedBridgeWins() {
    this.contextRunner.withUserConfiguration(UserBridgeConfiguration.class).run(context -> assertThat(context)
        .hasSingleBean(CopilotApplicationEventBridge.class).hasBean("myBridge")
        .doesNotHaveBean("copilotApplicationEventBridge"));
  }

  @Test
  void theBridgeIsClosedWithTheContext() {
    this.contextRunner.run(context -> {
      CopilotApplicationEventBridge bridge = context.getBean(CopilotApplicationEventBridge.class);
      assertThat(bridge.isClosed()).isFalse();
      context.close();
      assertThat(bridge.isClosed()).isTrue();
    });
  }

  // ---------------------------------------------------------------- end to end, against the scripted server

  @Test
  void publishesTheConnectedStateChange() {
    connected().run(context -> {
      EventRecorder recorder = context.getBean(EventRecorder.class);
      await().atMost(WAIT).until(() -> recorder.ofType(CopilotClientStateChangedEvent.class).stream()
          .anyMatch(change -> change.current() == ClientState.CONNECTED));
      List<CopilotClientStateChangedEvent> changes = recorder.ofType(CopilotClientStateChangedEvent.class);
      assertThat(changes).extracting(CopilotClientStateChangedEvent::previous, CopilotClientStateChangedEvent::current)
          .startsWith(org.assertj.core.groups.Tuple.tuple(ClientState.NOT_STARTED, ClientState.STARTING),
              org.assertj.core.groups.Tuple.tuple(ClientState.STARTING, ClientState.CONNECTED));
      assertThat(changes).allMatch(change -> change.getClient() == context.getBean(CopilotClient.class))
          .allMatch(change -> change.cause() == null);
    });
  }

  @Test
  void aFailedCloudCreatesSessionCreatedIsFollowedByItsCreateFailedEvent() {
    connected().run(context -> {
      EventRecorder recorder = context.getBean(EventRecorder.class);
      awaitConnected(context);
      CopilotClient client = context.getBean(CopilotClient.class);
      // the scripted server answers a cloud create with no sessionId, so the create fails at once
      assertThat(client.createSession(SessionConfig.builder()
          .cloud(CloudOptions.defaults().withClientSessionId("cloud-1")).build())).failsWithin(WAIT);
      this.server.lifecycle(SessionLifecycleEvent.CREATED, "s-9", "cloud-1"); // the server's late announcement
      await().atMost(WAIT).until(() -> !recorder.ofType(CopilotSessionCreateFailedEvent.class).isEmpty());

      assertThat(recorder.ofType(CopilotSessionLifecycleEvent.class))
          .extracting(event -> event.getClass().getSimpleName() + " " + event.sessionId() + " "
              + event.clientSessionId())
          .containsExactly("CopilotSessionCreatedEvent s-9 cloud-1", "CopilotSessionCreateFailedEvent s-9 cloud-1");
    });
  }

  @Test
  void publishesLifecycleNotificationsOnceEachInWireOrderOffTheReaderThread() {
    connected().run(context -> {
      EventRecorder recorder = context.getBean(EventRecorder.class);
      awaitConnected(context);
      this.server.lifecycle(SessionLifecycleEvent.CREATED, "s-1", null);
      this.server.lifecycle(SessionLifecycleEvent.CREATED, "s-1", null);
      this.server.lifecycle(SessionLifecycleEvent.UPDATED, "s-1", null);
      this.server.lifecycle(SessionLifecycleEvent.CREATED, "s-2", "provisional-2");
      this.server.lifecycle(SessionLifecycleEvent.UPDATED, "s-1", null);
      this.server.lifecycle(SessionLifecycleEvent.DELETED, "s-1", null);
      this.server.lifecycle(SessionLifecycleEvent.DELETED, "s-1", null);
      await().atMost(WAIT).until(() -> !recorder.ofType(CopilotSessionDeletedEvent.class).isEmpty());

      List<CopilotSessionLifecycleEvent> lifecycle = recorder.ofType(CopilotSessionLifecycleEvent.class);
      assertThat(lifecycle).extracting(event -> event.getClass().getSimpleName() + " " + event.sessionId())
          .containsExactly("CopilotSessionCreatedEvent s-1", "CopilotSessionUpdatedEvent s-1",
              "CopilotSessionCreatedEvent s-2", "CopilotSessionUpdatedEvent s-1", "CopilotSessionDeletedEvent s-1");
      assertThat(lifecycle).filteredOn(event -> event.sessionId().equals("s-1"))
          .allMatch(event -> event.clientSessionId() == null);
      assertThat(lifecycle.get(2).clientSessionId()).isEqualTo("provisional-2");
      assertThat(lifecycle).allMatch(event -> Instant.parse("2026-01-01T00:00:00Z").equals(event.startTime()))
          .allMatch(event -> Instant.parse("2026-01-01T00:00:01Z").equals(event.modifiedTime()));
      assertThat(recorder.threads).isNotEmpty().noneMatch(name -> name.startsWith("copilot-rpc"));
    });
  }

  @Test
  void publishesSessionErrorsButNoOtherSessionEvents() {
    connected().run(context -> {
      EventRecorder recorder = context.getBean(EventRecorder.class);
      CopilotClient client = awaitConnected(context);
      CopilotSession session = client.createSession(SessionConfig.builder().sessionId("s-3").build())
          .get(10, TimeUnit.SECONDS);
      this.server.lifecycle(SessionLifecycleEvent.CREATED, "s-3", "provisional-3");
      await().atMost(WAIT).until(() -> !recorder.ofType(CopilotSessionCreatedEvent.class).isEmpty());
      this.server.sessionEvent("s-3", "assistant.message_delta", "e1", Map.of("messageId", "m1",
          "deltaContent", "Hel"));
      this.server.sessionEvent("s-3", "session.error", "e2", Map.of("errorType", "query",
          "message", "The model call failed", "statusCode", 503));
      await().atMost(WAIT).until(() -> !recorder.ofType(CopilotSessionErrorEvent.class).isEmpty());

      CopilotSessionErrorEvent error = recorder.ofType(CopilotSessionErrorEvent.class).get(0);
      assertThat(error.sessionId()).isEqualTo("s-3");
      assertThat(error.clientSessionId()).isEqualTo("provisional-3");
      assertThat(error.errorType()).isEqualTo("query");
      assertThat(error.message()).isEqualTo("The model call failed");
      assertThat(error.statusCode()).isEqualTo(503);
      assertThat(error.isClientTerminated()).isFalse();

      // closing a session yourself ends it quietly; the client losing it is announced
      client.deleteSession(session.id()).get(10, TimeUnit.SECONDS);
      assertThat(session.isTerminated()).isTrue();
      assertThat(recorder.ofType(CopilotSessionErrorEvent.class)).hasSize(1);
      CopilotSession second = client.createSession(SessionConfig.builder().sessionId("s-4").build())
          .get(10, TimeUnit.SECONDS);
      client.stop().get(10, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> recorder.ofType(CopilotSessionErrorEvent.class).size() == 2);
      CopilotSessionErrorEvent terminated = recorder.ofType(CopilotSessionErrorEvent.class).get(1);
      assertThat(terminated.isClientTerminated()).isTrue();
      assertThat(terminated.errorType()).isEqualTo(CopilotSession.TERMINATED_ERROR_TYPE);
      assertThat(terminated.sessionId()).isEqualTo(second.id());

      assertThat(recorder.events).allMatch(event -> event instanceof CopilotClientStateChangedEvent
          || event instanceof CopilotSessionLifecycleEvent || event instanceof CopilotSessionErrorEvent);
      assertThat(recorder.threads).noneMatch(name -> name.startsWith("copilot-rpc"));
    });
  }

  @Test
  void aThrowingListenerIsLoggedAndNeverReachesTheClient(CapturedOutput output) {
    connected().withUserConfiguration(ThrowingListenerConfiguration.class).run(context -> {
      EventRecorder recorder = context.getBean(EventRecorder.class);
      CopilotClient client = awaitConnected(context);
      this.server.lifecycle(SessionLifecycleEvent.CREATED, "s-4", null);
      this.server.lifecycle(SessionLifecycleEvent.UPDATED, "s-4", null);
      await().atMost(WAIT).until(() -> !recorder.ofType(CopilotSessionUpdatedEvent.class).isEmpty());
      assertThat(output).contains("Publishing CopilotSessionCreatedEvent[sessionId=s-4")
          .contains("listener failure for the test");
      assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
      assertThat(client.ping("still there").get(10, TimeUnit.SECONDS)).isNotNull();
    });
  }

  @Test
  void aClosedBridgePublishesNothing() {
    connected().run(context -> {
      EventRecorder recorder = context.getBean(EventRecorder.class);
      CopilotClient client = awaitConnected(context);
      context.getBean(CopilotApplicationEventBridge.class).close();
      List<SessionLifecycleEvent> direct = new CopyOnWriteArrayList<>();
      client.onLifecycle(direct::add);
      this.server.lifecycle(SessionLifecycleEvent.CREATED, "s-5", null);
      // listeners of the lifecycle lane run in order: once the later listener heard it, the bridge would have too
      await().atMost(WAIT).until(() -> !direct.isEmpty());
      assertThat(recorder.ofType(CopilotSessionEvent.class)).isEmpty();
    });
  }

  private ApplicationContextRunner connected() {
    return this.contextRunner.withUserConfiguration(RecorderConfiguration.class).withPropertyValues(
        "copilot.server.address=" + this.server.address(), "copilot.lifecycle.auto-startup=true");
  }

  private static CopilotClient awaitConnected(org.springframework.context.ApplicationContext context) {
    CopilotClient client = context.getBean(CopilotClient.class);
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
    return client;
  }

  static class EventRecorder {

    final List<CopilotEvent> events = new CopyOnWriteArrayList<>();

    final List<String> threads = new CopyOnWriteArrayList<>();

    @EventListener
    void on(CopilotEvent event) {
      this.events.add(event);
      this.threads.add(Thread.currentThread().getName());
    }

    <T> List<T> ofType(Class<T> type) {
      return this.events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class RecorderConfiguration {

    @Bean
    EventRecorder eventRecorder() {
      return new EventRecorder();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ThrowingListenerConfiguration {

    @Bean
    ThrowingListener throwingListener() {
      return new ThrowingListener();
    }
  }

  static class ThrowingListener {

    @EventListener
    void on(CopilotSessionCreatedEvent event) {
      throw new IllegalStateException("listener failure for the test");
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
  static class TwoClientsConfiguration {

    @Bean
    CopilotClient firstClient() {
      return new CopilotClient(CopilotClientOptions.defaults());
    }

    @Bean
    CopilotClient secondClient() {
      return new CopilotClient(CopilotClientOptions.defaults());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PrimaryClientConfiguration {

    @Bean
    @Primary
    CopilotClient primaryClient() {
      return new CopilotClient(CopilotClientOptions.defaults());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBridgeConfiguration {

    @Bean
    CopilotApplicationEventBridge myBridge(CopilotClient client, ApplicationEventPublisher publisher) {
      return new CopilotApplicationEventBridge(client, publisher);
    }
  }
}
