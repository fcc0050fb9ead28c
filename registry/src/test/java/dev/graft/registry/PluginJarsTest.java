package dev.graft.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheDescriptorFromTheManifest() throws Exception {
        Path jar = TestJars.plugin("alpha", "1.2.3").attr("Plugin-Dependencies", "beta@>=1.0.0 & <2.0.0, gamma?")
                .attr("Graft-Spi-Requires", "experiment=^1.0;analyzer=>=1.0.0 & <2.0.0").write(dir);
        PluginDescriptor d = PluginJars.inspect(jar);
        assertEquals("alpha", d.id());
        assertEquals("1.2.3", d.version());
        assertEquals(List.of(new PluginDependency("beta", ">=1.0.0 & <2.0.0", false), new PluginDependency("gamma", "*", true)),
                d.dependencies());
        assertEquals(Map.of("experiment", "^1.0", "analyzer", ">=1.0.0 & <2.0.0"), d.spiRequires());
    }

    @Test
    void refusesPathTraversalAbsolutePathsAndBundledApi() throws Exception {
        for (String bad : List.of("../evil.sh", "a/../../evil", "/etc/passwd", "C:/win.ini", "a\\b")) {
            Path jar = TestJars.plugin("alpha", "1.0.0").entry(bad, "x").write(dir);
            RefusedException e = assertThrows(RefusedException.class, () -> PluginJars.inspect(jar), bad);
            assertEquals(RefusedException.Reason.UNSAFE_JAR, e.reason(), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        Path shaded = TestJars.plugin("alpha", "1.0.0").entry("dev/graft/api/spi/Experiment.class", "x").write(dir);
        assertEquals(RefusedException.Reason.UNSAFE_JAR,
                assertThrows(RefusedException.class, () -> PluginJars.inspect(shaded)).reason());
    }

    @Test
    void refusesAMalformedDescriptorNamingTheEntry() throws Exception {
        Path badVersion = TestJars.plugin("alpha", "1.0").write(dir);
        RefusedException e = assertThrows(RefusedException.class, () -> PluginJars.inspect(badVersion));
        assertEquals(RefusedException.Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("Plugin-Version"), e.getMessage());
        Path comma = TestJars.plugin("alpha", "1.0.0").attr("Plugin-Requires", ">=1.0.0, <2.0.0").write(dir);
        assertTrue(assertThrows(RefusedException.class, () -> PluginJars.inspect(comma)).getMessage().contains("Plugin-Requires"));
        Path badId = TestJars.plugin("Alpha_1", "1.0.0").write(dir);
        assertTrue(assertThrows(RefusedException.class, () -> PluginJars.inspect(badId)).getMessage().contains("Plugin-Id"));
    }

    @Test
    void hostProfileNamesEveryIncompatibility() throws Exception {
        PluginDescriptor d = PluginJars.inspect(TestJars.plugin("alpha", "1.0.0").attr("Plugin-Requires", ">=0.2.0 & <0.3.0")
                .attr("Graft-Spi-Requires", "experiment=>=2.0.0 & <3.0.0;growth=^1.0").write(dir));
        List<String> why = TestJars.HOST.incompatibilities(d);
        assertEquals(3, why.size(), why.toString());
        assertTrue(why.get(0).contains("0.1.0"));
        assertTrue(why.stream().anyMatch(w -> w.contains("'experiment'") && w.contains("1.0.0")));
        assertTrue(why.stream().anyMatch(w -> w.contains("'growth'")));
    }

    @Test
    void versionRangesFollowSemverPrecedence() {
        assertTrue(Versions.satisfies("1.4.0", ">=1.0.0 & <2.0.0"));
        assertTrue(!Versions.satisfies("2.0.0", ">=1.0.0 & <2.0.0"));
        assertTrue(!Versions.satisfies("1.0.0-SNAPSHOT", ">=1.0.0"));
        assertTrue(Versions.satisfies("1.2.9", "^1.2"));
        assertTrue(Versions.satisfies("1.0.0", "1.0.0"));
        assertTrue(Versions.satisfies("1.5.0", "1.0.0"), "a bare version means at least that version");
    }
}
