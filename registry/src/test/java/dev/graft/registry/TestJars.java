package dev.graft.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Builds plugin jars with a given manifest and entries, for tests that need no classes inside. */
public final class TestJars {
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private TestJars(String id, String version) {
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", version);
        manifest.put("Plugin-Requires", ">=0.1.0 & <0.2.0");
        manifest.put("Graft-Spi-Requires", "experiment=>=1.0.0 & <2.0.0");
        entries.put("readme.txt", (id + " " + version).getBytes(StandardCharsets.UTF_8));
    }

    /** @return a builder for a plugin compatible with {@link #HOST} */
    public static TestJars plugin(String id, String version) {
        return new TestJars(id, version);
    }

    /** The host profile the test jars are compatible with by default. */
    public static final HostProfile HOST = new HostProfile("0.1.0", Map.of("experiment", "1.0.0", "analyzer", "1.0.0"));

    public TestJars attr(String key, String value) {
        manifest.put(key, value);
        return this;
    }

    public TestJars entry(String name, String content) {
        entries.put(name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve(manifest.get("Plugin-Id") + "-" + manifest.get("Plugin-Version") + "-" + System.nanoTime() + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, mf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jos.putNextEntry(new ZipEntry(e.getKey()));
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
        return jar;
    }
}
