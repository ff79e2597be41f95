package dev.copilotj.samples.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says where the page is once the application is ready, and where the answers come from. */
@Component
class ReadyLog {

  private static final Logger log = LoggerFactory.getLogger(ReadyLog.class);

  private final CopilotMode mode;

  ReadyLog(CopilotMode mode) {
    this.mode = mode;
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    log.info("Copilot chat is ready: open http://localhost:{}  ({})", port, mode.description());
  }
}
