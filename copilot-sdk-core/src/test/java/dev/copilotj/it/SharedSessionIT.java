package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.TransportMode;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.test.ChatMessage;
import dev.copilotj.test.CopilotOfflineTest;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.Test;

/**
 * Two clients on one CLI server share a session: the CLI broadcasts each tool call to both, and only the client that
 * registered the tool answers. The other stays silent instead of answering "not registered" first.
 */
@CopilotOfflineTest
class SharedSessionIT {

  private static final Duration TURN = Duration.ofSeconds(30);

  @Test
  void onlyTheClientThatRegisteredTheToolAnswersIt(CopilotTestRig rig, FakeCopilotApi fake) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String connectionToken = "shared-" + System.nanoTime();
    List<String> ranOn = new CopyOnWriteArrayList<>();
    try (CopilotClient owner = new CopilotClient(OfflineClients.options(rig).transport(TransportMode.TCP).port(port)
        .connectionToken(connectionToken).build())) {
      owner.start().get(30, TimeUnit.SECONDS);
      CopilotSession first = owner.createSession(SessionConfig.builder().tool(tool("owner_tool", "owner", ranOn))
          .build()).get(30, TimeUnit.SECONDS);
      try (CopilotClient second = new CopilotClient(CopilotClientOptions.builder()
          .serverAddress("127.0.0.1:" + port).connectionToken(connectionToken).build())) {
        second.start().get(30, TimeUnit.SECONDS);
        CopilotSession joined = second.resumeSession(first.id(), SessionConfig.builder()
            .tool(tool("second_tool", "second", ranOn)).build()).get(30, TimeUnit.SECONDS);

        AssistantMessageEvent answer = first.sendAndWait("CALL_TOOL second_tool {}", TURN).get(40, TimeUnit.SECONDS);

        ChatMessage toolMessage = fake.chatRequests().get(1).lastMessage();
        assertThat(toolMessage.role()).isEqualTo("tool");
        assertThat(toolMessage.text()).isEqualTo("ran on second");
        assertThat(answer.content()).isEqualTo("TOOL RESULT WAS: ran on second");
        assertThat(ranOn).containsExactly("second");
        joined.close();
      }
      first.close();
    }
  }

  private static ToolDefinition tool(String name, String client, List<String> ranOn) {
    return ToolDefinition.builder(name).description("Says which client ran it")
        .handler(call -> {
          ranOn.add(client);
          return ToolResult.text("ran on " + client);
        })
        .build();
  }
}
