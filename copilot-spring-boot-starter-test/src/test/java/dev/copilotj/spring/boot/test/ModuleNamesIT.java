package dev.copilotj.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The published jars name their module, so applications on the module path get stable names. An IT because only
 * after {@code package} do the other modules reach this one as jars.
 */
class ModuleNamesIT {

  @ParameterizedTest
  @CsvSource({
      "dev.copilotj.CopilotClient, dev.copilotj",
      "dev.copilotj.test.CopilotTestRig, dev.copilotj.test",
      "dev.copilotj.spring.boot.autoconfigure.CopilotAutoConfiguration, dev.copilotj.spring.boot.autoconfigure",
      "dev.copilotj.spring.boot.test.AutoConfigureCopilotOffline, dev.copilotj.spring.boot.test",
  })
  void eachJarNamesItsModule(String className, String moduleName) throws Exception {
    assertThat(manifestModuleName(Class.forName(className))).isEqualTo(moduleName);
  }

  private static String manifestModuleName(Class<?> type) throws IOException, URISyntaxException {
    Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(Files.isRegularFile(location)).as("%s comes from a jar, not %s", type.getName(), location).isTrue();
    try (JarFile jar = new JarFile(location.toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
    }
  }
}
