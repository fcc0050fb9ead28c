package dev.graft.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PluginScaffoldTest {
    @TempDir
    Path dir;

    @Test
    void scaffoldIsAPluginProjectWhoseSourcesCompileAgainstTheApi() throws Exception {
        Path root = PluginScaffold.write(dir, new PluginScaffold.Spec("my-probe", "com.acme"));
        assertTrue(Files.isRegularFile(root.resolve("src/main/java/com/acme/myprobe/MyProbeExperiment.java")));
        assertEquals("com.acme.myprobe.MyProbeExperiment\n",
                Files.readString(root.resolve("src/main/resources/META-INF/services/dev.graft.api.spi.Experiment")));
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        assertEquals("my-probe", pom.getElementsByTagName("plugin.id").item(0).getTextContent());
        assertEquals(">=0.1.0 & <0.2.0", pom.getElementsByTagName("plugin.requires").item(0).getTextContent());
        assertEquals("experiment=>=1.0.0 & <2.0.0", pom.getElementsByTagName("plugin.spi").item(0).getTextContent());
        String text = Files.readString(root.resolve("pom.xml"));
        assertTrue(text.contains("<artifactId>graft-bom</artifactId>") && text.contains("<scope>provided</scope>"), text);

        List<String> sources = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root.resolve("src"))) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        assertEquals(2, sources.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(), "-cp",
                System.getProperty("java.class.path"), "-proc:none"));
        args.addAll(sources);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, err, args.toArray(String[]::new)), err.toString());
    }

    @Test
    void refusesBadNamesAndExistingDirectories() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new PluginScaffold.Spec("My_Plugin", "com.acme"));
        assertThrows(IllegalArgumentException.class, () -> new PluginScaffold.Spec("ok-name", "Com.Acme"));
        PluginScaffold.write(dir, new PluginScaffold.Spec("twice", "org.example"));
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> PluginScaffold.write(dir, new PluginScaffold.Spec("twice", "org.example")));
    }
}
