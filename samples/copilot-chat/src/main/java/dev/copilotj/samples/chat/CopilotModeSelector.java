package dev.copilotj.samples.chat;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.copilotj.test.CopilotCliInstaller;
import dev.copilotj.test.CopilotTestRig;
import dev.copilotj.test.FakeCopilotApi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Decides, before the Copilot client bean is built, where answers come from, and prepares the {@code copilot.*}
 * properties for it:
 *
 * <ul>
 *   <li>A {@link CopilotTestRig} bean is already there (a test with {@code @AutoConfigureCopilotOffline}): offline,
 *       against the test's fake model, whose properties the test kit has set.</li>
 *   <li>{@code copilot.server.address} is set: online, against that running CLI server.</li>
 *   <li>A token is configured ({@code copilot.auth.github-token}, or the {@code COPILOT_GITHUB_TOKEN} environment
 *       variable): online, with the CLI from {@code copilot.cli.path} or else the pinned one
 *       ({@link CopilotCliInstaller#fromSystem()}).</li>
 *   <li>Otherwise offline: a {@link CopilotTestRig} starts the fake model on 127.0.0.1 with the sample's scripted
 *       {@link OfflineModel}, installs the pinned CLI if needed, and its settings go into a property source that
 *       wins over every other. The rig closes with the context, after the client stopped.</li>
 * </ul>
 *
 * <p>Registers the outcome as the {@link CopilotMode} bean and the scripted model as the {@link OfflineModel} bean.
 */
public final class CopilotModeSelector implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean,
    Ordered {

  /** The environment variable with a GitHub token for real Copilot. */
  public static final String TOKEN_ENV = "COPILOT_GITHUB_TOKEN";

  /** The property source holding the offline settings. */
  public static final String OFFLINE_PROPERTY_SOURCE = "copilotChatOfflineModel";

  private static final Logger log = LoggerFactory.getLogger(CopilotModeSelector.class);

  private @Nullable ConfigurableEnvironment environment;
  private volatile @Nullable CopilotTestRig ownRig;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = (ConfigurableEnvironment) environment;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    ConfigurableEnvironment env = environment;
    if (env == null) {
      throw new IllegalStateException("no environment");
    }
    OfflineModel model = new OfflineModel();
    beanFactory.registerSingleton("offlineModel", model);
    beanFactory.registerSingleton("copilotMode", select(env, beanFactory, model));
  }

  private CopilotMode select(ConfigurableEnvironment env, ConfigurableListableBeanFactory beanFactory,
      OfflineModel model) {
    String[] testRigs = beanFactory.getBeanNamesForType(CopilotTestRig.class, false, false);
    if (testRigs.length > 0) {
      CopilotTestRig rig = beanFactory.getBean(testRigs[0], CopilotTestRig.class);
      String url = rig.fakeApi().url();
      log.info("OFFLINE MODE (test): answers come from the test's fake model at {}", url);
      return new CopilotMode(true, "Offline mode (test): answers come from the test's fake model at " + url, url);
    }
    String server = env.getProperty("copilot.server.address", env.getProperty("copilot.server.url", ""));
    if (StringUtils.hasText(server)) {
      String description = "Online mode: talking to the Copilot CLI server at " + server;
      log.info(description);
      return new CopilotMode(false, description, null);
    }
    // the deprecated name still counts, as it does for the starter
    String token = env.getProperty("copilot.auth.github-token", env.getProperty("copilot.auth.token", ""));
    String envToken = env.getProperty(TOKEN_ENV);
    if (StringUtils.hasText(token) || StringUtils.hasText(envToken)) {
      return online(env, StringUtils.hasText(token) ? null : envToken);
    }
    return offline(env, model);
  }

  private CopilotMode online(ConfigurableEnvironment env, @Nullable String envToken) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    if (!StringUtils.hasText(env.getProperty("copilot.cli.path"))) {
      defaults.put("copilot.cli.path", CopilotCliInstaller.fromSystem().cliPath().toString());
    }
    if (envToken != null) {
      defaults.put("copilot.auth.github-token", envToken);
    }
    // lowest precedence: anything the user configured wins
    env.getPropertySources().addLast(new MapPropertySource("copilotChatOnlineDefaults", defaults));
    String description = "Online mode: talking to GitHub Copilot with the token from "
        + (envToken != null ? TOKEN_ENV : "copilot.auth.github-token");
    log.info("{}", description);
    return new CopilotMode(false, description, null);
  }

  private CopilotMode offline(ConfigurableEnvironment env, OfflineModel model) {
    log.info("No Copilot token configured (copilot.auth.github-token or {}): starting the built-in fake model", TOKEN_ENV);
    CopilotTestRig rig = CopilotTestRig.start(FakeCopilotApi.builder());
    try {
      rig.fakeApi().setResponder(model);
      env.getPropertySources().addFirst(new MapPropertySource(OFFLINE_PROPERTY_SOURCE, rig.springProperties()));
    } catch (RuntimeException e) {
      rig.close();
      throw e;
    }
    ownRig = rig;
    String url = rig.fakeApi().url();
    log.warn("OFFLINE MODE: answers come from a built-in fake model at {}, not from GitHub Copilot. "
        + "Set {} to a GitHub token with Copilot access to talk to real Copilot.", url, TOKEN_ENV);
    return new CopilotMode(true, CopilotMode.OFFLINE_BANNER + " at " + url + ". Set " + TOKEN_ENV
        + " to talk to real Copilot.", url);
  }

  /** Closes the fake model this selector started; runs after the client bean stopped the CLI. */
  @Override
  public void destroy() {
    CopilotTestRig rig = ownRig;
    ownRig = null;
    if (rig != null) {
      rig.close();
      log.info("Stopped the built-in fake model");
    }
  }
}
