package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.copilotj.CopilotClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The page when Copilot is lost for good (restarts off): it says so in words and what to do, "New chat" shows the
 * API's problem detail rather than raw JSON, and the composer stays off. The context is thrown away afterwards.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "copilot.client.restart.enabled=false")
class PageFailureIT extends BrowserTestSupport {

  @Autowired
  CopilotClient client;

  @Test
  void aLostCliIsSaidInWordsWithWhatToDo() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(baseUrl() + "/");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("prompt"))).sendKeys("Hello!", Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.assistant.complete")));

    ProcessHandle.of(client.cliPid()).orElseThrow().destroyForcibly();

    WebElement lost = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//div[contains(@class, 'error') and contains(., 'Lost Copilot')]")));
    assertThat(lost.getText()).contains("Lost Copilot", "does not restart it", "Restart the application");
    wait.until(ExpectedConditions.textToBe(By.id("client-state"), "client failed"));
    assertThat(browser.findElement(By.id("prompt")).isEnabled()).isFalse();

    browser.findElement(By.id("new-session")).click();

    WebElement refused = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//div[contains(@class, 'error') and contains(., 'Copilot could not create a session')]")));
    assertThat(refused.getText()).startsWith("⚠ Copilot could not create a session: ").doesNotContain("{", "\"");
    assertThat(browser.findElement(By.id("prompt")).isEnabled()).isFalse();
  }
}
