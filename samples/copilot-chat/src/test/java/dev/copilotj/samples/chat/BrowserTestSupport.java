package dev.copilotj.samples.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browser tests' setup: headless Chromium (the Debian packages {@code chromium} and {@code chromium-driver}) with
 * a profile of its own per test. Selenium Manager is not used, so nothing is downloaded; the browser only talks to
 * the application on 127.0.0.1.
 */
abstract class BrowserTestSupport extends ChatTestSupport {

  static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");

  // Selenium logs through java.util.logging; it warns that it has no DevTools support for this Chromium's version,
  // which this test does not use. Held here so that the levels stay set.
  static final List<Logger> QUIET = List.of(Logger.getLogger("org.openqa.selenium.devtools"),
      Logger.getLogger("org.openqa.selenium.chromium"));

  ChromeDriver browser;
  Path profile;

  @BeforeEach
  void startChromium() throws IOException {
    for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(Paths.get(program))) {
        throw new AssertionError(program + " is missing: the browser test needs the Debian packages chromium and "
            + "chromium-driver (apt-get install -y --no-install-recommends chromium chromium-driver; "
            + "scripts/test.sh installs them).");
      }
    }
    QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
    profile = Files.createTempDirectory("chat-page-it-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--no-default-browser-check", "--disable-default-apps", "--disable-extensions",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Paths.get(CHROMEDRIVER).toFile())
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stopChromium() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      deleteRecursively(profile);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
