package dev.copilotj.samples.demo;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.ModelInfo;
import dev.copilotj.SessionConfig;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.test.CopilotCliInstaller;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;

/**
 * A round trip with the client: start the CLI, ping it, list models, run a streamed turn and a tool
 * turn, stop.
 *
 * <p>With no token it runs offline: the offline rig's fake model on 127.0.0.1 answers. With
 * {@code COPILOT_GITHUB_TOKEN} set it talks to real Copilot. Arguments, if any, are the prompts to send.
 */
public final class ClientDemo {

  private static final String TOKEN_ENV = "COPILOT_GITHUB_TOKEN";
  private static final Duration TURN_TIMEOUT = Duration.ofMinutes(2);

  private ClientDemo() {
  }

  /**
   * Runs the demo.
   *
   * @param args prompts to send; without any, a plain prompt and a tool prompt
   * @throws Exception when the round trip fails
   */
  public static void main(String[] args) throws Exception {
    String token = System.getenv(TOKEN_ENV);
    boolean online = token != null && !token.isBlank();
    CopilotTestRig rig = null;
    CopilotClientOptions options;
    if (online) {
      System.out.println("ONLINE: using real GitHub Copilot with the token from " + TOKEN_ENV + ".");
      options = CopilotClientOptions.builder()
          .cliPath(CopilotCliInstaller.fromSystem().cliPath())
          .githubToken(token)
          .build();
    } else {
      rig = CopilotTestRig.start();
      rig.fakeApi().setResponder(new DemoModel());
      System.out.println("OFFLINE: no " + TOKEN_ENV + " set, so the built-in fake model at " + rig.fakeApi().url()
          + " answers. Set " + TOKEN_ENV + " to talk to real Copilot.");
      options = CopilotClientOptions.builder()
          .cliPath(rig.cliPath())
          .inheritEnvironment(false)
          .environment(rig.environment())
          .githubToken(rig.token())
          .workingDirectory(rig.workDirectory())
          .build();
    }
    List<String> prompts = args.length > 0 ? List.of(args) : online
        ? List.of("In one sentence, what is a JSON-RPC server?", "Use the local_time tool and tell me the time.")
        : List.of("Say hello", "What time is it?");

    try (CopilotClient client = new CopilotClient(options)) {
      long started = System.nanoTime();
      client.start().get();
      System.out.printf("Started Copilot CLI %s (protocol %d) in %d ms%n", client.connectedServer().version(),
          client.connectedServer().protocolVersion(), (System.nanoTime() - started) / 1_000_000);
      System.out.println("ping -> " + client.ping("hello").get().message());
      System.out.println("models -> " + client.listModels().get().stream().map(ModelInfo::id).toList());

      ToolDefinition localTime = ToolDefinition.builder(DemoModel.LOCAL_TIME)
          .description("Returns the local time of the machine this application runs on")
          .handler(call -> ToolResult.text(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))))
          .build();
      try (CopilotSession session = client.createSession(SessionConfig.builder()
          .streaming(true).tool(localTime).clientName("copilot-client-demo").build()).get()) {
        // the answer prints as it streams in; the final message is printed only when nothing streamed
        AtomicBoolean streamed = new AtomicBoolean();
        session.on(AssistantMessageDeltaEvent.class, delta -> {
          if (streamed.compareAndSet(false, true)) {
            System.out.print("< ");
          }
          System.out.print(delta.deltaContent());
        });
        session.on(ToolExecutionStartEvent.class, tool -> System.out.println("[calls the tool " + tool.toolName()
            + "]"));
        for (String prompt : prompts) {
          System.out.println("\n> " + prompt);
          streamed.set(false);
          AssistantMessageEvent answer = session.sendAndWait(prompt, TURN_TIMEOUT).get();
          if (streamed.get()) {
            System.out.println();
          } else {
            System.out.println("< " + (answer == null ? "(no answer)" : answer.content()));
          }
        }
      }
      client.stop().get();
      System.out.println("Stopped; the CLI process is gone.");
    } finally {
      if (rig != null) {
        rig.close();
      }
    }
  }
}
