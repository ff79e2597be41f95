package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the page in headless Chromium (the Debian packages {@code chromium} and {@code chromium-driver}): a streamed
 * answer, a tool call, an error and the session panel, then saves a screenshot to
 * {@code target/screenshots/chat.png}. Selenium Manager is not used, so nothing is downloaded; the browser only talks
 * to the application on 127.0.0.1.
 */
class ChatPageIT extends BrowserTestSupport {

  static final Path SCREENSHOT = Paths.get("target", "screenshots", "chat.png");

  @Test
  void aPersonChatsStreamsSeesAToolCallAndAnError() throws IOException {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(baseUrl() + "/");

    WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
    assertThat(banner.getText()).startsWith("Offline mode: answers come from a built-in fake model");
    WebElement prompt = wait.until(ExpectedConditions.elementToBeClickable(By.id("prompt")));

    prompt.sendKeys("Hello! What can you do?", Keys.ENTER);
    WebElement answer = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".msg.assistant.complete")));
    assertThat(answer.getText()).startsWith("Hello! I am the offline stand-in for Copilot");
    assertThat(Integer.parseInt(answer.getDomAttribute("data-deltas"))).as("delta events shown").isGreaterThan(20);
    assertThat(answer.getText()).contains("streamed in " + answer.getDomAttribute("data-deltas") + " chunks");
    assertThat(browser.findElements(By.cssSelector(".msg.user"))).extracting(WebElement::getText)
        .as("the prompt, shown once").containsExactly("Hello! What can you do?");

    wait.until(ExpectedConditions.elementToBeClickable(By.id("prompt"))).sendKeys("Where is order 1042?", Keys.ENTER);
    WebElement tool = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".tool-call.done")));
    assertThat(tool.getText()).contains("order_status", "{\"number\":\"1042\"}", "Ada Lovelace", "has shipped");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".msg.assistant.complete"), 2));
    List<WebElement> answers = browser.findElements(By.cssSelector(".msg.assistant.complete"));
    assertThat(answers.get(1).getText()).startsWith("I looked it up with the order_status tool. Order 1042");

    wait.until(ExpectedConditions.elementToBeClickable(By.id("prompt"))).sendKeys("Show me an error", Keys.ENTER);
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.error")));
    assertThat(error.getText()).contains("400", OfflineModel.ERROR_MESSAGE);
    assertThat(error.getText().split("400", -1)).as("the status code is said once: %s", error.getText()).hasSize(2);

    WebElement current = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#sessions li.current")));
    wait.until(ExpectedConditions.textToBePresentInElement(current, "Hello! What can you do?"));
    assertThat(browser.findElement(By.id("client-state")).getText()).isEqualTo("client connected");
    assertThat(current.getText()).containsPattern("\\b(1 update|[02-9]\\d* updates|1\\d+ updates) · last");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("prompt")));

    Files.createDirectories(SCREENSHOT.getParent());
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    assertThat(SCREENSHOT).isNotEmptyFile();
  }

  @Test
  void closingTheTabDeletesTheSessionItCreated() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(baseUrl() + "/");
    WebElement current = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#sessions li.current")));
    String id = current.getDomAttribute("data-session-id");
    assertThat(get("/api/sessions").body()).contains(id);

    browser.get("about:blank");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/api/sessions").body())
        .doesNotContain(id));
    assertThat(ask(id, "Hello").statusCode()).isEqualTo(404);
  }
}
