package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.genimage.api.internal.Checks;
import org.junit.jupiter.api.Test;

/**
 * The core's module descriptor as users on the module path see it (surefire runs these tests inside the named
 * module): only JDK modules required, only the vocabulary and the internal checks exported.
 */
class ModuleDescriptorTest {
  private final ModuleDescriptor descriptor = Detector.class.getModule().getDescriptor();

  @Test
  void theTestsRunInsideTheNamedModule() {
    assertThat(Detector.class.getModule().isNamed()).isTrue();
    assertThat(descriptor.name()).isEqualTo("org.genimage.api");
  }

  @Test
  void requiresNothingButTheJdk() {
    assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
        .allMatch(name -> name.startsWith("java."), "a JDK module");
  }

  @Test
  void exportsTheVocabularyAndTheInternalChecksOnly() {
    Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toSet());
    assertThat(exported).containsExactlyInAnyOrder("org.genimage.api", Checks.class.getPackageName());
    assertThat(descriptor.exports()).noneMatch(ModuleDescriptor.Exports::isQualified);
    assertThat(descriptor.opens()).isEmpty();
  }

  @Test
  void theClassPathModulesCanReachTheChecks() {
    // genimage-detectors and genimage-spark run in the unnamed module: a qualified export would fail them.
    Module unnamed = ClassLoader.getSystemClassLoader().getUnnamedModule();
    assertThat(Checks.class.getModule().isExported(Checks.class.getPackageName(), unnamed)).isTrue();
    assertThat(Detector.class.getModule().isExported(Detector.class.getPackageName(), unnamed)).isTrue();
  }
}
