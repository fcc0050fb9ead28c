package dev.graft.runtime.plugin;

import dev.graft.api.spi.Experiment;
import dev.graft.api.spi.GraftApi;
import dev.graft.registry.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a standalone Maven project for a third-party plugin: a pom that imports {@code graft-bom}, depends on
 * {@code platform-api} with scope {@code provided}, writes the plugin descriptor into the jar's manifest and
 * shades any third-party library; a sample {@link Experiment} registered in {@code META-INF/services}; and a unit
 * test that runs it with {@code LocalRunContext}. {@code mvn package} then yields an installable plugin jar.
 */
public final class PluginScaffold {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    /** Versions of the build plugins the project uses: the ones Graft's own build uses, so it builds offline. */
    private static final Map<String, String> MAVEN_PLUGINS = new LinkedHashMap<>();

    static {
        MAVEN_PLUGINS.put("maven-resources-plugin", "3.3.1");
        MAVEN_PLUGINS.put("maven-compiler-plugin", "3.14.1");
        MAVEN_PLUGINS.put("maven-surefire-plugin", "3.5.4");
        MAVEN_PLUGINS.put("maven-jar-plugin", "3.4.2");
        MAVEN_PLUGINS.put("maven-shade-plugin", "3.6.0");
        MAVEN_PLUGINS.put("maven-install-plugin", "3.1.3");
    }

    private PluginScaffold() {
    }

    /**
     * What to generate.
     *
     * @param name    the plugin id and artifact id, {@code [a-z][a-z0-9-]{1,62}}
     * @param groupId the Maven group id and Java package prefix
     */
    public record Spec(String name, String groupId) {
        public Spec {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("plugin name '" + name + "' must match " + NAME.pattern());
            }
            if (!groupId.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
                throw new IllegalArgumentException("group id '" + groupId + "' must be a lower-case Java package name");
            }
        }

        String pkg() {
            return groupId + "." + name.replace("-", "");
        }

        String className() {
            StringBuilder sb = new StringBuilder();
            for (String part : name.split("-")) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
            return sb + "Experiment";
        }
    }

    /**
     * Writes the project into {@code parent/<name>/}.
     *
     * @param parent where to create the project directory
     * @param spec   the plugin's name and group
     * @return the project directory
     * @throws IOException if it exists already or a file cannot be written
     */
    public static Path write(Path parent, Spec spec) throws IOException {
        Path root = parent.resolve(spec.name());
        if (Files.exists(root)) {
            throw new FileAlreadyExistsException(root.toString(), null, "refusing to overwrite an existing directory");
        }
        String pkgPath = spec.pkg().replace('.', '/');
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", pom(spec));
        files.put(".gitignore", "target/\n");
        files.put("README.md", readme(spec));
        files.put("src/main/java/" + pkgPath + "/" + spec.className() + ".java", experiment(spec));
        files.put("src/main/resources/META-INF/services/" + Experiment.class.getName(), spec.pkg() + "." + spec.className() + "\n");
        files.put("src/test/java/" + pkgPath + "/" + spec.className() + "Test.java", test(spec));
        Files.createDirectories(root);
        for (Map.Entry<String, String> e : files.entrySet()) {
            AtomicFiles.write(root.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return root;
    }

    private static String pluginXml(String artifact) {
        return "        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>" + artifact + "</artifactId><version>"
                + MAVEN_PLUGINS.get(artifact) + "</version></plugin>\n";
    }

    private static String pom(Spec s) {
        String major = GraftApi.VERSION.split("\\.")[0];
        String minor = GraftApi.VERSION.split("\\.")[1];
        String apiRange = ">=" + GraftApi.VERSION + " & <" + (major.equals("0") ? "0." + (Integer.parseInt(minor) + 1) + ".0"
                : (Integer.parseInt(major) + 1) + ".0.0");
        String spiMajor = Experiment.SPI_VERSION.split("\\.")[0];
        String spiRange = "experiment=>=" + Experiment.SPI_VERSION + " & <" + (Integer.parseInt(spiMajor) + 1) + ".0.0";
        StringBuilder managed = new StringBuilder();
        MAVEN_PLUGINS.keySet().forEach(a -> managed.append(pluginXml(a)));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%1$s</groupId>
                  <artifactId>%2$s</artifactId>
                  <version>0.1.0</version>
                  <name>%2$s</name>
                  <description>A Graft plugin.</description>

                  <properties>
                    <maven.compiler.release>25</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <!-- Reproducible jars: rebuilt from the same source, the plugin has the SHA-256 its registry
                         index records, so anyone can check a published jar against its source. -->
                    <project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp>
                    <graft.version>%3$s</graft.version>
                    <!-- The plugin descriptor: which Graft API and SPI versions this plugin works with. -->
                    <plugin.id>%2$s</plugin.id>
                    <plugin.requires>%4$s</plugin.requires>
                    <plugin.spi>%5$s</plugin.spi>
                  </properties>

                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>dev.graft</groupId><artifactId>graft-bom</artifactId><version>${graft.version}</version>
                        <type>pom</type><scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>

                  <dependencies>
                    <!-- The host provides the API at run time: never bundle it into the plugin jar. -->
                    <dependency><groupId>dev.graft</groupId><artifactId>platform-api</artifactId><scope>provided</scope></dependency>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
                  </dependencies>

                  <build>
                    <pluginManagement>
                      <plugins>
                %6$s      </plugins>
                    </pluginManagement>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-surefire-plugin</artifactId>
                        <configuration><argLine>--add-modules jdk.incubator.vector</argLine></configuration>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-jar-plugin</artifactId>
                        <configuration>
                          <archive>
                            <manifestEntries>
                              <Plugin-Id>${plugin.id}</Plugin-Id>
                              <Plugin-Version>${project.version}</Plugin-Version>
                              <Plugin-Requires>${plugin.requires}</Plugin-Requires>
                              <Graft-Spi-Requires>${plugin.spi}</Graft-Spi-Requires>
                              <Plugin-Dependencies></Plugin-Dependencies>
                              <Plugin-Provider>${project.groupId}</Plugin-Provider>
                              <Plugin-Description>${project.description}</Plugin-Description>
                              <Plugin-License>Apache-2.0</Plugin-License>
                            </manifestEntries>
                          </archive>
                        </configuration>
                      </plugin>
                      <!-- A plugin is one jar: third-party libraries are shaded in (relocate them), the API is not. -->
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-shade-plugin</artifactId>
                        <executions>
                          <execution>
                            <phase>package</phase>
                            <goals><goal>shade</goal></goals>
                            <configuration><createDependencyReducedPom>false</createDependencyReducedPom></configuration>
                          </execution>
                        </executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(s.groupId(), s.name(), GraftApi.VERSION, xml(apiRange), xml(spiRange), managed);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String experiment(Spec s) {
        return """
                package %1$s;

                import dev.graft.api.spi.Experiment;
                import dev.graft.api.spi.ExperimentResult;
                import dev.graft.api.spi.Parameter;
                import dev.graft.api.spi.ParameterValues;
                import dev.graft.api.spi.RunContext;
                import java.util.List;
                import java.util.SplittableRandom;

                /**
                 * A sample experiment: estimates pi by throwing random points into the unit square and counting those
                 * inside the quarter circle. Replace it with your own; keep the typed parameters and the use of the
                 * context (seeded randomness, metrics, progress, cancellation).
                 */
                public final class %2$s implements Experiment {
                    static final Parameter<Integer> ROUNDS = Parameter.integer("rounds", 20, "rounds of sampling").atLeast(1);
                    static final Parameter<Integer> SAMPLES =
                            Parameter.integer("samples-per-round", 5000, "points thrown per round").atLeast(1);

                    /** Creates the experiment; the host finds it through META-INF/services. */
                    public %2$s() {
                    }

                    @Override
                    public String name() {
                        return "%3$s";
                    }

                    @Override
                    public String description() {
                        return "Estimates pi by Monte Carlo sampling and logs the estimate and its error per round.";
                    }

                    @Override
                    public List<Parameter<?>> parameters() {
                        return List.of(ROUNDS, SAMPLES);
                    }

                    @Override
                    public ExperimentResult run(RunContext ctx, ParameterValues p) {
                        SplittableRandom rng = new SplittableRandom(ctx.seed());
                        int rounds = p.get(ROUNDS);
                        long inside = 0;
                        long thrown = 0;
                        ctx.progress().begin("sample", rounds);
                        for (int round = 1; round <= rounds; round++) {
                            ctx.cancellation().throwIfCancelled();
                            for (int i = 0; i < p.get(SAMPLES); i++) {
                                double x = rng.nextDouble();
                                double y = rng.nextDouble();
                                if (x * x + y * y <= 1) {
                                    inside++;
                                }
                            }
                            thrown += p.get(SAMPLES);
                            double estimate = 4.0 * inside / thrown;
                            ctx.metrics().log(round, "pi_estimate", estimate);
                            ctx.metrics().log(round, "abs_error", Math.abs(estimate - Math.PI));
                            ctx.progress().advance(1);
                        }
                        ctx.progress().end();
                        double estimate = 4.0 * inside / thrown;
                        return new ExperimentResult("After " + thrown + " points the estimate of pi is " + estimate + ".",
                                List.of(new ExperimentResult.Metric("pi_estimate", estimate),
                                        new ExperimentResult.Metric("abs_error", Math.abs(estimate - Math.PI))));
                    }
                }
                """.formatted(s.pkg(), s.className(), s.name());
    }

    private static String test(Spec s) {
        return """
                package %1$s;

                import static org.junit.jupiter.api.Assertions.assertEquals;
                import static org.junit.jupiter.api.Assertions.assertTrue;

                import dev.graft.api.spi.ExperimentResult;
                import dev.graft.api.spi.LocalRunContext;
                import dev.graft.api.spi.ParameterValues;
                import dev.graft.api.tensor.ReferenceBackend;
                import java.nio.file.Path;
                import java.util.Map;
                import org.junit.jupiter.api.Test;
                import org.junit.jupiter.api.io.TempDir;

                class %2$sTest {
                    @TempDir
                    Path dir;

                    private static double estimate(ExperimentResult r) {
                        return r.headline().stream().filter(m -> m.name().equals("pi_estimate")).findFirst().orElseThrow().value();
                    }

                    @Test
                    void estimatesPiWithinTenStandardErrors() throws Exception {
                        var exp = new %2$s();
                        try (var backend = new ReferenceBackend()) {
                            var ctx = new LocalRunContext(backend, 1, dir);
                            ExperimentResult r = exp.run(ctx, ParameterValues.defaults(exp.parameters()));
                            // 100,000 points: the estimate's standard error is 4*sqrt(p(1-p)/n) ~ 0.0052 with p = pi/4.
                            assertEquals(Math.PI, estimate(r), 0.052);
                            assertEquals(20, ctx.logged().stream().filter(m -> m.name().equals("pi_estimate")).count());
                        }
                    }

                    @Test
                    void theSameSeedGivesTheSameEstimate() throws Exception {
                        var exp = new %2$s();
                        var params = ParameterValues.resolve(exp.parameters(), Map.of("rounds", "3"));
                        try (var backend = new ReferenceBackend()) {
                            double a = estimate(exp.run(new LocalRunContext(backend, 9, dir.resolve("a")), params));
                            double b = estimate(exp.run(new LocalRunContext(backend, 9, dir.resolve("b")), params));
                            double c = estimate(exp.run(new LocalRunContext(backend, 10, dir.resolve("c")), params));
                            assertEquals(a, b, 0.0);
                            assertTrue(a != c, "another seed gives other points");
                        }
                    }
                }
                """.formatted(s.pkg(), s.className());
    }

    private static String readme(Spec s) {
        return """
                # %1$s

                A Graft plugin. Build it with `mvn package`; the plugin is `target/%1$s-0.1.0.jar`.

                - `%2$s.java` is a sample experiment; `META-INF/services/dev.graft.api.spi.Experiment` registers it.
                  Other extension points (`TuningMethod`, `Analyzer`, ...) are registered the same way, and each one
                  you implement must be named in `plugin.spi` in `pom.xml`.
                - Publish it: `graft registry publish target/%1$s-0.1.0.jar --registry DIR --key KEY`.
                - Try it without a registry: `graft plugin install target/%1$s-0.1.0.jar --allow-unsigned`, then
                  `graft run %1$s`.

                See Graft's `docs/plugin-guide.md` for the walk from `graft plugin new` to `graft registry publish`.
                """.formatted(s.name(), s.className());
    }
}
