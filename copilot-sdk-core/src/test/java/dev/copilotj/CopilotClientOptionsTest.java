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

    assertThat(options.cliPath()).isNull();
    assertThat(options.cliArgs()).isEmpty();
    assertThat(options.environment()).isEmpty();
    assertThat(options.inheritEnvironment()).isTrue();
    assertThat(options.workingDirectory()).isNull();
    assertThat(options.logLevel()).isEqualTo(CliLogLevel.ERROR);
    assertThat(options.githubToken()).isNull();
    assertThat(options.useLoggedInUser()).isNull();
    assertThat(options.transport()).isEqualTo(TransportMode.STDIO);
    assertThat(options.port()).isZero();
    assertThat(options.serverHost()).isNull();
    assertThat(options.serverPort()).isZero();
    assertThat(options.connectsToServer()).isFalse();
    assertThat(options.connectionToken()).isNull();
    assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
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
    assertThat(builder.requestTimeout(Duration.ofNanos(1)).build().requestTimeout()).isEqualTo(Duration.ofNanos(1));
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
    assertThat(CopilotClientOptions.builder().port(0).build().port()).isZero();
    assertThat(CopilotClientOptions.builder().port(65535).build().port()).isEqualTo(65535);
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

    assertThat(options.serverHost()).isEqualTo(host);
    assertThat(options.serverPort()).isEqualTo(port);
    assertThat(options.connectsToServer()).isTrue();
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

    assertThat(options.serverHost()).isNull();
    assertThat(options.serverPort()).isZero();
    assertThat(options.connectsToServer()).isFalse();
    assertThat(CopilotClientOptions.builder().serverAddress(null).build().connectsToServer()).isFalse();
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

    assertThat(options.githubToken()).isNull();
    assertThat(options.connectionToken()).isNull();
  }

  @Test
  void collectionsAreCopiedAndImmutable() {
    List<String> args = new ArrayList<>(List.of("--a"));
    CopilotClientOptions options = CopilotClientOptions.builder().cliArgs(args).environment("K", "V").build();
    args.add("--b");

    assertThat(options.cliArgs()).containsExactly("--a");
    assertThatThrownBy(() -> options.cliArgs().add("--c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> options.environment().put("X", "Y")).isInstanceOf(UnsupportedOperationException.class);
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
    assertThat(copy.githubToken()).isEqualTo(TOKEN);
    assertThat(copy.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    assertThat(copy.executor()).isSameAs(executor);

    CopilotClientOptions remote = CopilotClientOptions.builder().serverAddress("example.com:9000").build();
    CopilotClientOptions remoteCopy = remote.toBuilder().build();
    assertSameSettings(remoteCopy, remote);
    assertThat(remoteCopy.serverHost()).isEqualTo("example.com");
    assertThat(remoteCopy.serverPort()).isEqualTo(9000);

    // Changing the builder later leaves the original alone.
    CopilotClientOptions changed = spawned.toBuilder().cliArgs(List.of()).environment("C", "3").port(1).build();
    assertThat(spawned.cliArgs()).containsExactly("--x", "--y");
    assertThat(spawned.environment()).doesNotContainKey("C");
    assertThat(spawned.port()).isEqualTo(4000);
    assertThat(changed.cliArgs()).isEmpty();
    assertThat(changed.environment()).containsKeys("A", "B", "C");
  }

  private static void assertSameSettings(CopilotClientOptions actual, CopilotClientOptions expected) {
    assertThat(actual.cliPath()).isEqualTo(expected.cliPath());
    assertThat(actual.cliArgs()).isEqualTo(expected.cliArgs());
    assertThat(actual.environment()).isEqualTo(expected.environment());
    assertThat(actual.inheritEnvironment()).isEqualTo(expected.inheritEnvironment());
    assertThat(actual.workingDirectory()).isEqualTo(expected.workingDirectory());
    assertThat(actual.logLevel()).isEqualTo(expected.logLevel());
    assertThat(actual.githubToken()).isEqualTo(expected.githubToken());
    assertThat(actual.useLoggedInUser()).isEqualTo(expected.useLoggedInUser());
    assertThat(actual.transport()).isEqualTo(expected.transport());
    assertThat(actual.port()).isEqualTo(expected.port());
    assertThat(actual.serverHost()).isEqualTo(expected.serverHost());
    assertThat(actual.serverPort()).isEqualTo(expected.serverPort());
    assertThat(actual.connectionToken()).isEqualTo(expected.connectionToken());
    assertThat(actual.startupTimeout()).isEqualTo(expected.startupTimeout());
    assertThat(actual.requestTimeout()).isEqualTo(expected.requestTimeout());
    assertThat(actual.shutdownTimeout()).isEqualTo(expected.shutdownTimeout());
    assertThat(actual.executor()).isSameAs(expected.executor());
    assertThat(actual.maxFrameBytes()).isEqualTo(expected.maxFrameBytes());
    assertThat(actual.maxPromptChars()).isEqualTo(expected.maxPromptChars());
    assertThat(actual.toString()).isEqualTo(expected.toString());
  }
}
