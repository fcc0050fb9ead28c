package dev.graft.tests.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar for a test: compiles Java sources against the test class path (the Graft API),
 * registers extensions in {@code META-INF/services} and writes the descriptor into the manifest.
 */
final class TestPlugin {
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();

    private TestPlugin(String id, String version) {
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", version);
        manifest.put("Plugin-Requires", ">=0.1.0 & <0.2.0");
        manifest.put("Graft-Spi-Requires", "experiment=>=1.0.0 & <2.0.0");
    }

    static TestPlugin of(String id, String version) {
        return new TestPlugin(id, version);
    }

    TestPlugin attr(String k, String v) {
        manifest.put(k, v);
        return this;
    }

    TestPlugin without(String k) {
        manifest.remove(k);
        return this;
    }

    /** Adds a class; {@code fqcn} like {@code p.Foo}. */
    TestPlugin source(String fqcn, String code) {
        sources.put(fqcn, code);
        return this;
    }

    TestPlugin service(Class<?> spi, String fqcn) {
        services.computeIfAbsent(spi.getName(), k -> new ArrayList<>()).add(fqcn);
        return this;
    }

    /**
     * An experiment class whose {@code run} body is given; it logs nothing unless the body does.
     *
     * @param pkg  the package
     * @param cls  the class name
     * @param name the experiment's name
     * @param body statements of {@code run(RunContext ctx, ParameterValues p)}, ending with a return
     */
    TestPlugin experiment(String pkg, String cls, String name, String body) {
        source(pkg + "." + cls, """
                package %s;
                import dev.graft.api.spi.*;
                import java.util.List;
                public class %s implements Experiment {
                    public String name() { return "%s"; }
                    public String description() { return "test experiment %s"; }
                    public List<Parameter<?>> parameters() { return List.of(Parameter.integer("steps", 3, "steps")); }
                    public ExperimentResult run(RunContext ctx, ParameterValues p) throws Exception { %s }
                }
                """.formatted(pkg, cls, name, name, body));
        return service(dev.graft.api.spi.Experiment.class, pkg + "." + cls);
    }

    Path build(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path src = Files.createTempDirectory(dir, "src-");
        Path classes = Files.createTempDirectory(dir, "classes-");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "-proc:none", "--release", "25"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            if (javac.run(null, null, err, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("test plugin does not compile:\n" + err);
            }
        }
        Path jar = dir.resolve(manifest.getOrDefault("Plugin-Id", "noid") + "-" + manifest.getOrDefault("Plugin-Version", "x")
                + "-" + System.nanoTime() + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, mf)) {
            try (Stream<Path> s = Files.walk(classes)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new ZipEntry(classes.relativize(p).toString()));
                    j.write(Files.readAllBytes(p));
                    j.closeEntry();
                }
            }
            for (Map.Entry<String, List<String>> e : services.entrySet()) {
                j.putNextEntry(new ZipEntry("META-INF/services/" + e.getKey()));
                j.write((String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }
}
