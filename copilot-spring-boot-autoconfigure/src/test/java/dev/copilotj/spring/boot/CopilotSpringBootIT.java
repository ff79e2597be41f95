package dev.copilotj.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotSession;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.spring.boot.event.CopilotClientStateChangedEvent;
import dev.copilotj.spring.boot.event.CopilotEvent;
import dev.copilotj.spring.boot.event.CopilotSessionCreatedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionDeletedEvent;
import dev.copilotj.spring.boot.event.CopilotSessionErrorEvent;
import dev.copilotj.spring.boot.event.CopilotSessionEvent;
import dev.copilotj.spring.boot.event.CopilotSessionLifecycleEvent;
import dev.copilotj.spring.boot.event.CopilotSessionUpdatedEvent;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter's auto-configuration in a real Spring Boot application, against the real Copilot CLI running offline
 * on the {@link CopilotTestRig}'s fake model: a tool turn with a {@link ToolDefinition} bean, the session lifecycle
 * as application events, and the CLI stopping with the context.
 *
 * <p>The CLI path, its environment (the rig's, nothing inherited), the token and the working directory come from
 * the rig through {@code copilot.*} properties, as an application would set them.
 */
@ExtendWith(CopilotSpringBootIT.ContextCloseStopsTheCli.class)
@SpringBootTest(classes = CopilotSpringBootIT.TestApplication.class,
    properties = "spring.application.name=copilot-spring-boot-it")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CopilotSpringBootIT {

  private static final String TOOL = "spring_echo";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static CopilotTestRig rig;

  private static volatile Long cliPid;

  private static volatile CopilotClient clientToBeStopped;

  @Autowired
  private CopilotClient client;

  @Autowired
  private EventRecorder recorder;

  @DynamicPropertySource
  static void copilotProperties(DynamicPropertyRegistry registry) {
    if (rig == null) {
      rig = CopilotTestRig.start();
    }
    rig.springProperties().forEach((name, value) -> registry.add(name, () -> value));
  }

  @Test
  @Order(1)
  void runsAToolTurnAndPublishesTheSessionLifecycle() throws Exception {
    assertThat(this.client.state()).isEqualTo(ClientState.CONNECTED);
    await().atMost(WAIT).until(() -> this.recorder.ofType(CopilotClientStateChangedEvent.class).stream()
        .anyMatch(change -> change.current() == ClientState.CONNECTED));

    CopilotSession session = this.client.createSession().get(30, TimeUnit.SECONDS);
    String id = session.id();
    AssistantMessageEvent answer = session.sendAndWait("CALL_TOOL " + TOOL + " {\"text\":\"hello\"}",
        Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
    assertThat(answer).isNotNull();
    assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: echoed hello");
    assertThat(this.recorder.toolCalls).hasValue(1);
    assertThat(this.client.sessionMetadata(id).get(10, TimeUnit.SECONDS).clientName())
        .isEqualTo("copilot-spring-boot-it");
    await().atMost(WAIT).until(() -> !this.recorder.lifecycleOf(id, CopilotSessionUpdatedEvent.class).isEmpty());

    this.client.deleteSession(id).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> !this.recorder.lifecycleOf(id, CopilotSessionDeletedEvent.class).isEmpty());
    assertThat(session.isTerminated()).as("deleting a session ends it quietly").isTrue();

    List<CopilotSessionLifecycleEvent> lifecycle = this.recorder.lifecycleOf(id, CopilotSessionLifecycleEvent.class);
    assertThat(lifecycle.get(0)).isInstanceOf(CopilotSessionCreatedEvent.class);
    assertThat(lifecycle.get(lifecycle.size() - 1)).isInstanceOf(CopilotSessionDeletedEvent.class);
    assertThat(lifecycle.subList(1, lifecycle.size() - 1)).isNotEmpty()
        .allMatch(CopilotSessionUpdatedEvent.class::isInstance);
    assertThat(this.recorder.lifecycleOf(id, CopilotSessionCreatedEvent.class)).hasSize(1);
    assertThat(this.recorder.lifecycleOf(id, CopilotSessionDeletedEvent.class)).hasSize(1);
    assertThat(lifecycle).allMatch(event -> event.clientSessionId() == null)
        .allMatch(event -> event.getClient() == this.client);
    assertThat(this.recorder.ofType(CopilotSessionErrorEvent.class)).filteredOn(error -> error.sessionId().equals(id))
        .as("a successful turn and a delete publish no error").isEmpty();
    assertThat(this.recorder.threads).isNotEmpty().noneMatch(name -> name.startsWith("copilot-rpc-reader"));
  }

  @Test
  @Order(2)
  void theCliRunsUntilTheContextCloses() {
    Long pid = this.client.cliPid();
    assertThat(pid).isNotNull();
    assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());
    // checked by ContextCloseStopsTheCli once the test framework closed the context (@DirtiesContext)
    cliPid = pid;
    clientToBeStopped = this.client;
  }

  /**
   * Runs after the Spring extension closed the context ({@code @DirtiesContext}), because it is registered before
   * it: checks that the CLI process is gone, then closes the rig, whose directories the CLI used.
   */
  static class ContextCloseStopsTheCli implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext extensionContext) {
      try {
        Long pid = cliPid;
        if (pid != null) {
          assertThat(clientToBeStopped.state()).isEqualTo(ClientState.STOPPED);
          assertThat(clientToBeStopped.cliPid()).isNull();
          await().atMost(Duration.ofSeconds(10))
              .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
      } finally {
        cliPid = null;
        clientToBeStopped = null;
        if (rig != null) {
          rig.close();
          rig = null;
        }
      }
    }
  }

  /** Records every Copilot application event and the thread it was published on. */
  static class EventRecorder {

    final List<CopilotEvent> events = new CopyOnWriteArrayList<>();

    final List<String> threads = new CopyOnWriteArrayList<>();

    final AtomicInteger toolCalls = new AtomicInteger();

    @EventListener
    void on(CopilotEvent event) {
      this.events.add(event);
      this.threads.add(Thread.currentThread().getName());
    }

    <T> List<T> ofType(Class<T> type) {
      return this.events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends CopilotSessionEvent> List<T> lifecycleOf(String sessionId, Class<T> type) {
      return ofType(type).stream().filter(event -> event.sessionId().equals(sessionId))
          .filter(event -> event instanceof CopilotSessionLifecycleEvent).toList();
    }
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class TestApplication {

    @Bean
    EventRecorder eventRecorder() {
      return new EventRecorder();
    }

    @Bean
    ToolDefinition springEchoTool(EventRecorder recorder) {
      return ToolDefinition.builder(TOOL)
          .description("Echoes the text it is given")
          .parametersSchema("""
              {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""")
          .handler(call -> {
            recorder.toolCalls.incrementAndGet();
            return ToolResult.text("echoed " + call.arguments().get("text"));
          })
          .build();
    }
  }
}
