package dev.copilotj.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.copilotj.CopilotClient;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * What the Copilot auto-configuration adds to a Spring Boot application's start, the CLI's own start excluded.
 *
 * <p>One small application (the starter and one {@link ToolDefinition} bean, no web server) is started and closed
 * again and again in this JVM, alternating a start with the Copilot auto-configurations and one with all of them
 * excluded ({@code spring.autoconfigure.exclude}), after untimed warm-up starts of both. The time measured is
 * {@code SpringApplication.run()} until it returns the refreshed context; {@code copilot.lifecycle.auto-startup=false}
 * keeps the CLI out of it. Every start checks that the {@link CopilotClient} bean is there, or not, as expected.
 *
 * <p>{@code java -cp copilot-bench.jar dev.copilotj.bench.ContextRefreshBenchmark [--warmup N] [--rounds N]}, or
 * {@code scripts/bench.sh --spring}.
 */
public final class ContextRefreshBenchmark {

  /** The application: Boot's auto-configuration plus one tool bean, as a user's first app would have. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {

    @Bean
    ToolDefinition echoTool() {
      return ToolDefinition.builder("echo_upper")
          .description("Echoes its text in upper case")
          .parametersSchema("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
          .handler(call -> ToolResult.text(String.valueOf(call.arguments().get("text")).toUpperCase(Locale.ROOT)))
          .build();
    }
  }

  private ContextRefreshBenchmark() {
  }

  /**
   * Runs the benchmark and prints the medians.
   *
   * @param args {@code --warmup N} (30) and {@code --rounds N} (40 starts of each kind)
   * @throws IOException when the auto-configuration list cannot be read
   */
  public static void main(String[] args) throws IOException {
    int warmup = 30;
    int rounds = 40;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; use --warmup N and --rounds N");
      }
    }
    String excluded = String.join(",", copilotAutoConfigurations());
    System.out.printf("context refresh: %d warm-up + %d timed starts of each kind, alternating%n", warmup, rounds);
    System.out.println("Copilot beans when the auto-configuration is on: " + copilotBeans());
    for (int i = 0; i < warmup; i++) {
      start(true, excluded);
      start(false, excluded);
    }
    Samples with = new Samples();
    Samples without = new Samples();
    for (int i = 0; i < rounds; i++) {
      boolean withFirst = i % 2 == 0; // rotate which kind goes first
      (withFirst ? with : without).add(start(withFirst, excluded));
      (withFirst ? without : with).add(start(!withFirst, excluded));
    }
    double withMedian = with.median();
    double withoutMedian = without.median();
    System.out.printf("| | median (ms) | p90 (ms) |%n|---|---:|---:|%n");
    System.out.printf("| with the Copilot auto-configuration | %.1f | %.1f |%n", withMedian,
        with.percentile(90));
    System.out.printf("| without (excluded) | %.1f | %.1f |%n", withoutMedian, without.percentile(90));
    System.out.printf("| **added** | **%.1f** | |%n", withMedian - withoutMedian);
    System.out.printf("target: auto-configuration adds <= 30 ms to context refresh: %.1f ms -> %s%n",
        withMedian - withoutMedian, withMedian - withoutMedian <= 30 ? "MET" : "MISSED");
  }

  /** Starts and closes the application once; returns how long {@code run()} took, in milliseconds. */
  private static double start(boolean withCopilot, String excluded) {
    SpringApplicationBuilder builder = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .properties("copilot.lifecycle.auto-startup=false", "logging.level.root=warn");
    if (!withCopilot) {
      builder.properties("spring.autoconfigure.exclude=" + excluded);
    }
    long begin = System.nanoTime();
    try (ConfigurableApplicationContext context = builder.run()) {
      double millis = (System.nanoTime() - begin) / 1e6;
      boolean hasClient = context.getBeanNamesForType(CopilotClient.class).length > 0;
      if (hasClient != withCopilot) {
        throw new IllegalStateException("Expected " + (withCopilot ? "a" : "no") + " CopilotClient bean; the"
            + " auto-configuration list or the exclusion is wrong");
      }
      return millis;
    }
  }

  /** The beans the Copilot auto-configurations define, to show what the measurement includes. */
  private static List<String> copilotBeans() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
        .properties("copilot.lifecycle.auto-startup=false", "logging.level.root=warn").run()) {
      List<String> names = new ArrayList<>();
      for (String name : context.getBeanDefinitionNames()) {
        Class<?> type = context.getType(name);
        if (type != null && type.getName().startsWith("dev.copilotj.") && !type.getName().startsWith("dev.copilotj.bench.")
            && !type.equals(ToolDefinition.class)) {
          names.add(name + " (" + type.getSimpleName() + ")");
        }
      }
      return names;
    }
  }

  /** The Copilot entries of every auto-configuration imports file on the class path. */
  private static Set<String> copilotAutoConfigurations() throws IOException {
    Set<String> names = new LinkedHashSet<>();
    Enumeration<URL> files = ContextRefreshBenchmark.class.getClassLoader()
        .getResources("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
    while (files.hasMoreElements()) {
      try (InputStream in = files.nextElement().openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          String name = line.trim();
          if (name.startsWith("dev.copilotj.")) {
            names.add(name);
          }
        }
      }
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("No Copilot auto-configuration on the class path: is the jar's "
          + "AutoConfiguration.imports merged?");
    }
    return names;
  }
}
