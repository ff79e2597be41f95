package dev.copilotj.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@CopilotOfflineTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CopilotRigExtensionTest {

  private static CopilotTestRig firstRig;

  private final CopilotTestRig constructorRig;

  CopilotRigExtensionTest(CopilotTestRig rig) {
    this.constructorRig = rig;
  }

  @Test
  @Order(1)
  void injectsOneRigPerClass(CopilotTestRig rig, FakeCopilotApi fake) {
    firstRig = rig;
    assertThat(rig).isSameAs(constructorRig);
    assertThat(fake).isSameAs(rig.fakeApi());
    assertThat(rig.environment()).containsEntry("COPILOT_API_URL", fake.url());
    assertThat(rig.token()).isEqualTo(OfflineCliEnvironment.FAKE_TOKEN);
    assertThat(Files.isDirectory(rig.workDirectory())).isTrue();
    assertThat(rig.copilotHome().toString()).isEqualTo(rig.environment().get("COPILOT_HOME"));
    fake.enqueue(FakeReply.text("left for the next test"));
  }

  @Test
  @Order(2)
  void resetsTheFakeBeforeEachTest(CopilotTestRig rig, FakeCopilotApi fake) {
    assertThat(rig).isSameAs(firstRig);
    assertThat(fake.pendingReplies()).isZero();
    assertThat(fake.chatRequests()).isEmpty();
  }

  @Nested
  class NestedTests {
    @Test
    void shareTheOuterRig(CopilotTestRig rig) {
      assertThat(rig).isSameAs(constructorRig);
    }
  }

  @AfterAll
  static void rigIsStillOpenInAfterAll(FakeCopilotApi fake) {
    assertThat(fake.awaitChatRequests(0, Duration.ZERO)).isEmpty();
  }
}
