package dev.copilotj.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the application's Copilot client offline in a Spring test: the real Copilot CLI (installed once from the
 * npm registry, pinned) talks to a fake model on 127.0.0.1 whose replies the test scripts.
 *
 * <p>The test context gets the {@code copilot.*} properties that point the auto-configured client at the fake, and
 * two beans to inject: {@link dev.copilotj.test.FakeCopilotApi} (script replies with {@code enqueue}, assert on
 * {@code chatRequests()}) and {@link dev.copilotj.test.CopilotTestRig}. The fake's script and recordings are reset
 * before each test method. The rig lives as long as the (cached) context.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureCopilotOffline
 * class AssistantTests {
 *   @Autowired CopilotClient client;
 *   @Autowired FakeCopilotApi fake;
 *
 *   @Test
 *   void answers() {
 *     fake.enqueue(FakeReply.text("Hi!"));
 *     assertThat(client.createSession().join().sendAndWait("Hello", Duration.ofSeconds(30)).join().content())
 *         .isEqualTo("Hi!");
 *   }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureCopilotOffline {
}
