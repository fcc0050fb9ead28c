package dev.graft.tests.plugin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.graft.registry.PluginDescriptor;
import dev.graft.registry.PluginJars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering: plugins and the SPIs depend on the Graft API only; the API depends on nothing of the host; the
 * SPIs' signatures show only Java and Graft API types.
 */
class ArchitectureTest {
    static JavaClasses graft;

    @BeforeAll
    static void importClasses() {
        graft = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.graft");
        // the rules below are only meaningful if these were imported
        for (String c : List.of("dev.graft.api.spi.Experiment", "dev.graft.api.tensor.ComputeBackend",
                "dev.graft.plugins.example.LineFitExperiment", "dev.graft.runtime.plugin.PluginHost",
                "dev.graft.registry.install.Installer")) {
            assertTrue(graft.contain(c), c + " was not imported");
        }
    }

    @Test
    void pluginsDependOnThePlatformApiOnly() {
        classes().that().resideInAPackage("dev.graft.plugins..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.graft.plugins..", "dev.graft.api..", "java..")
                .check(graft);
    }

    @Test
    void spisDependOnThePlatformApiOnly() {
        // Gson is the API's own JSON library (used inside HfConfigView); it never appears in a signature (see below).
        classes().that().resideInAPackage("dev.graft.api.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.graft.api..", "java..", "com.google.gson..")
                .check(graft);
    }

    @Test
    void theApiDependsOnNothingOfTheRuntime() {
        noClasses().that().resideInAPackage("dev.graft.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.graft.runtime..", "dev.graft.registry..",
                        "dev.graft.cuda..", "dev.graft.plugins..", "org.pf4j..", "info.picocli..", "picocli..",
                        "me.tongfei..", "org.knowm..")
                .check(graft);
    }

    @Test
    void spiSignaturesShowOnlyJavaAndGraftApiTypes() {
        ArchCondition<JavaMethod> onlyApiTypes = new ArchCondition<>("use only java.* and dev.graft.api.* types in its signature") {
            @Override
            public void check(JavaMethod m, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>(m.getRawParameterTypes());
                types.add(m.getRawReturnType());
                for (JavaClass t : types) {
                    String n = t.getBaseComponentType().getName();
                    boolean ok = t.getBaseComponentType().isPrimitive() || n.startsWith("java.") || n.startsWith("dev.graft.api.");
                    if (!ok) {
                        events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes " + n));
                    }
                }
            }
        };
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods()
                .that().arePublic().and().areDeclaredInClassesThat(DescribedPredicate.describe("public SPI types",
                        (JavaClass c) -> c.getPackageName().equals("dev.graft.api.spi") && c.getModifiers().contains(
                                com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)))
                .should(onlyApiTypes).check(graft);
    }

    @Test
    void theExamplePluginJarBundlesNeitherTheApiNorThePluginFramework() throws Exception {
        // PluginJars refuses a jar with dev/graft/api/** or org/pf4j/** entries
        PluginDescriptor d = PluginJars.inspect(Path.of(Graft.prop("graft.example.plugin.jar")));
        assertEquals("example-plugin", d.id());
    }
}
