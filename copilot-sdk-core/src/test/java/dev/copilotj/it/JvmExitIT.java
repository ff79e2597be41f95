package dev.copilotj.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.test.CopilotTestRig;
import org.junit.jupiter.api.Test;

/**
 * The JVM exits with a connected client, in a JVM of its own ({@link ExitingApp}) on the real CLI: the SDK's exit
 * hook runs at the same time as the application's, so it must leave a CLI that the application stops a moment
 * later (as a Spring context closing in its shutdown hook does) to that stop, and stop one nobody stops, without
 * the client ever calling it a loss.
 */
class JvmExitIT {

  private static final Pattern CLI_PID = Pattern.compile("(?m)^CLI-PID (\\d+)$");

  /** The application's own hook stops the client 300 ms into the exit: the hook must not kill the CLI first. */
  @Test
  void aStopInTheApplicationsShutdownHookIsNotRacedByTheExitHook() throws Exception {
    Run run = exit("stop-in-hook");

    assertThat(run.output).contains("STATE CONNECTED->STOPPING", "STATE STOPPING->STOPPED", "STOPPED CLEANLY");
    assertThat(run.output).doesNotContain("FAILED", "Lost the Copilot CLI", "ERROR", "killing it");
    assertThat(Faults.alive(run.cliPid)).as("CLI pid %d after the exit", run.cliPid).isFalse();
  }

  /** Nothing stops the client: the exit hook waits the shutdown timeout (1 s here), kills the CLI, no error. */
  @Test
  void aClientNobodyStopsEndsStoppedNotFailed() throws Exception {
    Run run = exit("no-stop");

    assertThat(run.output).contains("STATE CONNECTED->STOPPED", "FINAL STOPPED", "nothing stopped Copilot CLI pid " + run.cliPid);
    assertThat(run.output).doesNotContain("FAILED", "Lost the Copilot CLI", "ERROR");
    assertThat(run.took).as("exit took %d ms", run.took.toMillis()).isLessThan(Duration.ofSeconds(10));
    assertThat(Faults.alive(run.cliPid)).as("CLI pid %d after the exit", run.cliPid).isFalse();
  }

  private record Run(String output, long cliPid, Duration took) {
  }

  private static Run exit(String mode) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    for (String property : List.of("copilot.cli.cache", "copilot.cli.version")) {
      String value = System.getProperty(property);
      if (value != null) {
        command.add("-D" + property + "=" + value);
      }
    }
    command.add(ExitingApp.class.getName());
    command.add(mode);
    long began = System.nanoTime();
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean exited = child.waitFor(120, TimeUnit.SECONDS);
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      child.destroyForcibly();
    }
    assertThat(exited).as("the application exited; its output:%n%s", output).isTrue();
    assertThat(child.exitValue()).as("exit code; output:%n%s", output).isZero();
    Matcher pid = CLI_PID.matcher(output);
    assertThat(pid.find()).as("the application printed its CLI's pid; output:%n%s", output).isTrue();
    return new Run(output, Long.parseLong(pid.group(1)), Duration.ofNanos(System.nanoTime() - began));
  }

  /** The exiting application: connects, opens a session, and exits, stopping the client in a hook or not. */
  public static final class ExitingApp {

    private ExitingApp() {
    }

    /**
     * Runs.
     *
     * @param args {@code stop-in-hook} or {@code no-stop}
     */
    public static void main(String[] args) throws Exception {
      CopilotTestRig rig = CopilotTestRig.start();
      CopilotClient client = new CopilotClient(OfflineClients.options(rig).shutdownTimeout(Duration.ofSeconds(1))
          .build());
      client.onStateChange(change -> System.out.println("STATE " + change.previous() + "->" + change.current()));
      client.start().get(60, TimeUnit.SECONDS);
      client.createSession().get(60, TimeUnit.SECONDS);
      System.out.println("CLI-PID " + client.cliPid());
      if (args[0].equals("stop-in-hook")) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            Thread.sleep(300);
            client.stop().get(30, TimeUnit.SECONDS);
            Thread.sleep(200); // the state listener runs on the callback executor
            System.out.println("STOPPED CLEANLY " + client.state());
          } catch (Exception e) {
            System.out.println("STOP FAILED " + e);
          }
        }));
      } else {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (client.state() == ClientState.CONNECTED && System.nanoTime() < deadline) {
              Thread.sleep(20);
            }
            Thread.sleep(200);
            System.out.println("FINAL " + client.state());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      System.exit(0);
    }
  }
}
