package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.genimage.api.internal.Checks;
import org.junit.jupiter.api.Test;

/**
 * The core's module descriptor as users on the module path see it (surefire runs these tests inside the named
 * module): only JDK modules required, only the vocabulary exported, the internal checks exported to genimage's own
 * modules alone.
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
  void exportsTheVocabularyToEveryoneAndTheChecksOnlyToGenimage() {
    Set<String> open = descriptor.exports().stream().filter(e -> !e.isQualified())
        .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    assertThat(open).containsExactly("org.genimage.api");
    ModuleDescriptor.Exports internal = descriptor.exports().stream()
        .filter(e -> e.source().equals(Checks.class.getPackageName())).findFirst().orElseThrow();
    assertThat(internal.targets()).isNotEmpty().allMatch(t -> t.startsWith("org.genimage."));
    assertThat(descriptor.opens()).isEmpty();
  }

  @Test
  void aModuleOutsideGenimageCannotReachTheChecks() {
    Module unnamed = ClassLoader.getSystemClassLoader().getUnnamedModule();
    assertThat(Checks.class.getModule().isExported(Checks.class.getPackageName(), unnamed)).isFalse();
    assertThat(Detector.class.getModule().isExported(Detector.class.getPackageName(), unnamed)).isTrue();
  }
}
