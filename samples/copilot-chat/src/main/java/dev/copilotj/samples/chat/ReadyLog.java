package dev.copilotj.samples.chat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;
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

  /** Says who can open the page, from {@code server.address}. */
  static String reach(@Nullable String address) {
    if (address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) {
      return "Open to the network on every address: anyone who reaches it talks to Copilot as this application.";
    }
    try {
      if (InetAddress.getByName(address).isLoopbackAddress()) {
        return "Only this machine can open it; --server.address=0.0.0.0 opens it to the network.";
      }
    } catch (UnknownHostException e) {
      return "Listening on " + address + ".";
    }
    return "Open to the network on " + address + ": anyone who reaches it talks to Copilot as this application.";
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    log.info("Copilot chat is ready: open http://localhost:{}  ({} {})", port, mode.description(),
        reach(env.getProperty("server.address")));
  }
}
