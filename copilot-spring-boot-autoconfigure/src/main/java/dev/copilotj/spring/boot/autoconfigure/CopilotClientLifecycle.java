package dev.copilotj.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotAuthenticationException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link CopilotClient} with the application context and stops it with it.
 *
 * <p>The default phase starts the client before the web server and stops it after, like a connection pool.
 * A start that fails (CLI not found, protocol mismatch, no authentication) fails the application's startup
 * with a report that says what to do, unless {@code copilot.lifecycle.fail-fast=false}. {@link #stop(Runnable)}
 * is asynchronous; {@link #stop()} returns when the CLI is gone, after at most four shutdown timeouts (the three
 * steps of a graceful stop and the kill), and then kills what is left.
 */
public final class CopilotClientLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CopilotClientLifecycle.class);

  private final CopilotClient client;
  private final CopilotProperties properties;
  private volatile boolean running;

  /**
   * Creates the lifecycle.
   *
   * @param client the client to start and stop
   * @param properties the lifecycle and auth settings
   */
  public CopilotClientLifecycle(CopilotClient client, CopilotProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @Override
  public void start() {
    running = true;
    Duration timeout = client.options().timeouts().startup().plusSeconds(5);
    try {
      await(client.start(), timeout);
      if (properties.getAuth().isRequired()) {
        CopilotAuthenticationException.requireAuthenticated(
            await(client.authStatus(), client.options().timeouts().request()));
      }
    } catch (CopilotException e) {
      if (properties.getLifecycle().isFailFast()) {
        client.forceStop();
        running = false;
        throw e;
      }
      log.error("The Copilot client did not start; the application goes on without it: {}", e.getMessage());
    }
  }

  @Override
  public void stop() {
    running = false;
    Duration bound = client.options().timeouts().shutdown().multipliedBy(4);
    try {
      client.stop().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("The Copilot client did not stop within {} ms; killing the CLI", bound.toMillis());
      client.forceStop();
    } catch (ExecutionException e) {
      log.warn("Stopping the Copilot client failed: {}", CopilotException.describe(CopilotException.unwrap(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.forceStop();
    }
  }

  @Override
  public void stop(Runnable callback) {
    running = false;
    client.stop().whenComplete((ok, error) -> callback.run());
  }

  @Override
  public boolean isRunning() {
    return running && client.state() != ClientState.STOPPED;
  }

  @Override
  public boolean isAutoStartup() {
    return properties.getLifecycle().isAutoStartup();
  }

  @Override
  public int getPhase() {
    return properties.getLifecycle().getPhase();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = CopilotException.unwrap(e);
      throw cause instanceof CopilotException copilot ? copilot
          : new CopilotException("Starting the Copilot client failed: " + CopilotException.describe(cause), cause);
    } catch (TimeoutException e) {
      throw new CopilotException("The Copilot client did not start within " + timeout.toMillis()
          + " ms; raise copilot.client.startup-timeout.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CopilotException("Interrupted while starting the Copilot client", e);
    }
  }
}
