package dev.copilotj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CopilotClientOptionsTest {

  private static final String TOKEN = "ghp_secretTokenValue123";
  private static final String CONNECTION_TOKEN = "conn-secret-456";

  @Test
  void defaults() {
    CopilotClientOptions options = CopilotClientOptions.defaults();

    assertThat(options.cli().path()).isNull();
    assertThat(options.cli().args()).isEmpty();
    assertThat(options.cli().environment()).isEmpty();
    assertThat(options.cli().inheritEnvironment()).isTrue();
    assertThat(options.cli().workingDirectory()).isNull();
    assertThat(options.cli().logLevel()).isEqualTo(CliLogLevel.ERROR);
    assertThat(options.auth().githubToken()).isNull();
    assertThat(options.auth().useLoggedInUser()).isNull();
    assertThat(options.cli().transport()).isEqualTo(TransportMode.STDIO);
    assertThat(options.cli().port()).isZero();
    assertThat(options.server().host()).isNull();
    assertThat(options.server().port()).isZero();
    assertThat(options.server().connectsToServer()).isFalse();
    assertThat(options.server().connectionToken()).isNull();
    assertThat(options.timeouts().startup()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.timeouts().request()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.timeouts().shutdown()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.executor()).isNull();
    assertThat(options.maxFrameBytes()).isEqualTo(64 * 1024 * 1024);
    assertThat(options.maxPromptChars()).isEqualTo(262_144);
  }

  @Test
  void nonPositiveTimeoutsAreRejectedNamingTheSetting() {
    CopilotClientOptions.Builder builder = CopilotClientOptions.builder();

    assertThatThrownBy(() -> builder.startupTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout must be positive");
    assertThatThrownBy(() -> builder.requestTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout must be positive");
    assertThatThrownBy(() -> builder.shutdownTimeout(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownTimeout must be positive");
    assertThatThrownBy(() -> builder.requestTimeout(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("requestTimeout");
    assertThat(builder.requestTimeout(Duration.ofNanos(1)).build().timeouts().request()).isEqualTo(Duration.ofNanos(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65536, Integer.MIN_VALUE})
  void badPortIsRejected(int port) {
    assertThatThrownBy(() -> CopilotClientOptions.builder().port(port))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port must be between 0 and 65535")
        .hasMessageContaining(Integer.toString(port));
  }

  @Test
  void portBoundsAreAccepted() {
    assertThat(CopilotClientOptions.builder().port(0).build().cli().port()).isZero();
    assertThat(CopilotClientOptions.builder().port(65535).build().cli().port()).isEqualTo(65535);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "4321                   | 127.0.0.1 | 4321",
      ":4321                  | 127.0.0.1 | 4321",
      "localhost:4321         | localhost | 4321",
      "http://127.0.0.1:4321/ | 127.0.0.1 | 4321",
      "tcp://example.com:1    | example.com | 1",
      "'  10.0.0.2:65535  '   | 10.0.0.2  | 65535",
      "[::1]:4321             | ::1       | 4321"})
  void parsesServerAddress(String address, String host, int port) {
    CopilotClientOptions options = CopilotClientOptions.builder().serverAddress(address).build();

    assertThat(options.server().host()).isEqualTo(host);
    assertThat(options.server().port()).isEqualTo(port);
    assertThat(options.server().connectsToServer()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost:", "host:port", "http://127.0.0.1:abc/", "12.5"})
  void serverAddressWithoutAValidPortIsRejected(String address) {
    assertThatThrownBy(() -> CopilotClientOptions.builder().serverAddress(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverAddress '" + address + "'")
        .hasMessageContaining("no valid port")
        .hasMessageContaining("host:port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:0", "0", "localhost:65536", ":-1"})
  void serverAddressWithAPortOutOfRangeIsRejected(String address) {
    assertThatThrownBy(() -> CopilotClientOptions.builder().serverAddress(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverAddress '" + address + "'")
        .hasMessageContaining("between 1 and 65535");
  }

  @Test
  void nullOrBlankServerAddressMeansSpawn() {
    CopilotClientOptions options = CopilotClientOptions.builder().serverAddress("localhost:1").serverAddress(" ")
        .build();

    assertThat(options.server().host()).isNull();
    assertThat(options.server().port()).isZero();
    assertThat(options.server().connectsToServer()).isFalse();
    assertThat(CopilotClientOptions.builder().serverAddress(null).build().server().connectsToServer()).isFalse();
  }

  @Test
  void serverAddressTogetherWithCliPathIsRejected() {
    CopilotClientOptions.Builder builder = CopilotClientOptions.builder().serverAddress("4321")
        .cliPath(Path.of("copilot"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverAddress")
        .hasMessageContaining("cliPath");
  }

  @Test
  void serverAddressTogetherWithGithubTokenIsRejected() {
    CopilotClientOptions.Builder builder = CopilotClientOptions.builder().serverAddress("4321").githubToken(TOKEN);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("githubToken")
        .hasMessageContaining("serverAddress")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void otherSettersValidate() {
    CopilotClientOptions.Builder builder = CopilotClientOptions.builder();

    assertThatThrownBy(() -> builder.maxFrameBytes(1023))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameBytes must be at least 1024");
    assertThatThrownBy(() -> builder.maxPromptChars(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPromptChars must be at least 1");
    assertThatThrownBy(() -> builder.environment(" ", "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment variable name");
    List<String> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> builder.cliArgs(withNull))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("cliArgs");
    assertThatThrownBy(() -> builder.logLevel(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.transport(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void blankTokensMeanNone() {
    CopilotClientOptions options = CopilotClientOptions.builder().githubToken("  ").connectionToken("").build();

    assertThat(options.auth().githubToken()).isNull();
    assertThat(options.server().connectionToken()).isNull();
  }

  @Test
  void collectionsAreCopiedAndImmutable() {
    List<String> args = new ArrayList<>(List.of("--a"));
    CopilotClientOptions options = CopilotClientOptions.builder().cliArgs(args).environment("K", "V").build();
    args.add("--b");

    assertThat(options.cli().args()).containsExactly("--a");
    assertThatThrownBy(() -> options.cli().args().add("--c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> options.cli().environment().put("X", "Y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toStringNeverShowsSecrets() {
    String spawned = CopilotClientOptions.builder().githubToken(TOKEN).connectionToken(CONNECTION_TOKEN)
        .environment("MY_API_KEY", "env-secret-789").build().toString();
    String remote = CopilotClientOptions.builder().serverAddress("127.0.0.1:4321").connectionToken(CONNECTION_TOKEN)
        .build().toString();

    assertThat(spawned).doesNotContain(TOKEN).doesNotContain(CONNECTION_TOKEN).doesNotContain("env-secret-789")
        .contains("githubToken=******").contains("connectionToken=******").contains("MY_API_KEY");
    assertThat(remote).doesNotContain(CONNECTION_TOKEN).contains("server=127.0.0.1:4321");
    assertThat(CopilotClientOptions.defaults().toString()).contains("githubToken=null");
  }

  @Test
  void toBuilderRoundTripsEverySetting() {
    Executor executor = Runnable::run;
    CopilotClientOptions spawned = CopilotClientOptions.builder()
        .cliPath(Path.of("bin", "copilot"))
        .cliArgs(List.of("--x", "--y"))
        .environment(Map.of("A", "1"))
        .environment("B", "2")
        .inheritEnvironment(false)
        .workingDirectory(Path.of("work"))
        .logLevel(CliLogLevel.DEBUG)
        .githubToken(TOKEN)
        .useLoggedInUser(false)
        .transport(TransportMode.TCP)
        .port(4000)
        .connectionToken(CONNECTION_TOKEN)
        .startupTimeout(Duration.ofSeconds(7))
        .requestTimeout(Duration.ofSeconds(8))
        .shutdownTimeout(Duration.ofSeconds(9))
        .executor(executor)
        .maxFrameBytes(2048)
        .maxPromptChars(1000)
        .build();

    CopilotClientOptions copy = spawned.toBuilder().build();

    assertSameSettings(copy, spawned);
    assertThat(copy.auth().githubToken()).isEqualTo(TOKEN);
    assertThat(copy.cli().environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    assertThat(copy.executor()).isSameAs(executor);

    CopilotClientOptions remote = CopilotClientOptions.builder().serverAddress("example.com:9000").build();
    CopilotClientOptions remoteCopy = remote.toBuilder().build();
    assertSameSettings(remoteCopy, remote);
    assertThat(remoteCopy.server().host()).isEqualTo("example.com");
    assertThat(remoteCopy.server().port()).isEqualTo(9000);

    // Changing the builder later leaves the original alone.
    CopilotClientOptions changed = spawned.toBuilder().cliArgs(List.of()).environment("C", "3").port(1).build();
    assertThat(spawned.cli().args()).containsExactly("--x", "--y");
    assertThat(spawned.cli().environment()).doesNotContainKey("C");
    assertThat(spawned.cli().port()).isEqualTo(4000);
    assertThat(changed.cli().args()).isEmpty();
    assertThat(changed.cli().environment()).containsKeys("A", "B", "C");
  }

  private static void assertSameSettings(CopilotClientOptions actual, CopilotClientOptions expected) {
    assertThat(actual.cli().path()).isEqualTo(expected.cli().path());
    assertThat(actual.cli().args()).isEqualTo(expected.cli().args());
    assertThat(actual.cli().environment()).isEqualTo(expected.cli().environment());
    assertThat(actual.cli().inheritEnvironment()).isEqualTo(expected.cli().inheritEnvironment());
    assertThat(actual.cli().workingDirectory()).isEqualTo(expected.cli().workingDirectory());
    assertThat(actual.cli().logLevel()).isEqualTo(expected.cli().logLevel());
    assertThat(actual.auth().githubToken()).isEqualTo(expected.auth().githubToken());
    assertThat(actual.auth().useLoggedInUser()).isEqualTo(expected.auth().useLoggedInUser());
    assertThat(actual.cli().transport()).isEqualTo(expected.cli().transport());
    assertThat(actual.cli().port()).isEqualTo(expected.cli().port());
    assertThat(actual.server().host()).isEqualTo(expected.server().host());
    assertThat(actual.server().port()).isEqualTo(expected.server().port());
    assertThat(actual.server().connectionToken()).isEqualTo(expected.server().connectionToken());
    assertThat(actual.timeouts().startup()).isEqualTo(expected.timeouts().startup());
    assertThat(actual.timeouts().request()).isEqualTo(expected.timeouts().request());
    assertThat(actual.timeouts().shutdown()).isEqualTo(expected.timeouts().shutdown());
    assertThat(actual.executor()).isSameAs(expected.executor());
    assertThat(actual.maxFrameBytes()).isEqualTo(expected.maxFrameBytes());
    assertThat(actual.maxPromptChars()).isEqualTo(expected.maxPromptChars());
    assertThat(actual.toString()).isEqualTo(expected.toString());
  }
}
