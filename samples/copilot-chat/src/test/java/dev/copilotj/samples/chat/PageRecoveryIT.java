package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.copilotj.CopilotClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What a person sees when things break: the CLI is killed under the page (the sample's restart policy brings Copilot
 * back and the page carries on in a new chat), then the server goes away (the page says so and stops taking
 * prompts). The context is thrown away afterwards.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PageRecoveryIT extends BrowserTestSupport {

  @Autowired
  CopilotClient client;

  @Autowired
  WebServerApplicationContext context;

  @Test
  void thePageRecoversAfterTheCliIsKilledAndSaysWhenTheServerIsGone() {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(baseUrl() + "/");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("prompt"))).sendKeys("Hello!", Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".msg.assistant.complete")));
    long firstCli = client.cliPid();

    ProcessHandle.of(firstCli).orElseThrow().destroyForcibly();

    WebElement ended = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//div[contains(@class, 'error') and contains(., 'This chat has ended')]")));
    assertThat(ended.getText()).contains("exited with code 137", "New chat");
    WebElement lost = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//div[contains(@class, 'error') and contains(., 'Lost Copilot')]")));
    assertThat(lost.getText()).contains("The client is restarting it");
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.xpath("//div[contains(@class, 'notice') and contains(., 'Copilot is back')]")));
    wait.until(ExpectedConditions.textToBe(By.id("client-state"), "client connected"));
    assertThat(client.cliPid()).as("a new CLI").isNotEqualTo(firstCli);

    wait.until(ExpectedConditions.elementToBeClickable(By.id("prompt"))).sendKeys("Are you back?", Keys.ENTER);
    WebElement answer = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".msg.assistant.complete")));
    assertThat(answer.getText()).contains("\"Are you back?\"");
    List<WebElement> prompts = browser.findElements(By.cssSelector(".msg.user"));
    assertThat(prompts).extracting(WebElement::getText).as("each prompt shown once").containsExactly("Are you back?");
    assertThat(json(get("/actuator/health/readiness")).path("status").asText()).isEqualTo("UP");

    context.getWebServer().stop();

    wait.until(ExpectedConditions.textToBe(By.id("client-state"), "server unreachable"));
    assertThat(browser.findElements(By.cssSelector(".msg.error"))).extracting(WebElement::getText)
        .anySatisfy(text -> assertThat(text).startsWith("⚠ The server is not answering"));
    assertThat(browser.findElement(By.id("prompt")).isEnabled()).isFalse();
  }
}
