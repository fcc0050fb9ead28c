package dev.graft.cuda.ffm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the CUDA libraries on disk without loading them: the candidate files for each {@link NativeLibrary},
 * in the order they should be tried.
 *
 * <p>Order: the explicit override (system property, then environment variable; when set it is the only
 * candidate, so a wrong path fails loudly instead of silently picking another library); then, in each
 * directory below, every file name of the library (newest CUDA major first):
 * <ol>
 *   <li>{@code -Dgraft.cuda.home}, {@code CUDA_HOME}, {@code CUDA_PATH}: their {@code lib64}, {@code lib} and
 *       {@code targets/<arch>-linux/lib};</li>
 *   <li>{@code /usr/local/cuda/lib64}, then every {@code /usr/local/cuda-X.Y/lib64}, newest version first;</li>
 *   <li>every entry of {@code LD_LIBRARY_PATH};</li>
 *   <li>the system library directories ({@code /usr/lib/x86_64-linux-gnu}, {@code /usr/lib64}, ...,
 *       {@code /usr/lib/wsl/lib}).</li>
 * </ol>
 * The caller finally hands each bare file name to the system loader ({@code dlopen} rules: ldconfig cache).
 * {@code stubs} directories are never searched: the toolkit's stub {@code libcuda.so} only links, it cannot run.
 *
 * <p>The environment is passed in, so the search can be tested against a fake directory tree.
 */
public final class LibraryLocator {

    /**
     * Where to look: the process environment, the system properties, the root of the file system
     * (so that tests can use a temporary directory) and the machine architecture.
     *
     * @param env        environment variables
     * @param properties system properties
     * @param root       the directory standing for {@code /}
     * @param arch       {@code os.arch}: {@code amd64} or {@code aarch64}
     */
    public record Environment(Function<String, String> env, Function<String, String> properties, Path root,
                              String arch) {
        /** @return the environment of this process */
        public static Environment system() {
            return new Environment(System::getenv, System::getProperty, Path.of("/"), System.getProperty("os.arch"));
        }

        /** @return an environment made of the given maps, rooted at {@code root} */
        public static Environment of(Map<String, String> env, Map<String, String> properties, Path root) {
            return new Environment(env::get, properties::get, root, "amd64");
        }
    }

    /**
     * An explicit override of one library.
     *
     * @param source {@code -Dname} or {@code $NAME}
     * @param file   the file it names
     */
    public record Override(String source, Path file) {
    }

    private static final Pattern CUDA_DIR = Pattern.compile("cuda-(\\d+)(?:\\.(\\d+))?");

    private final Environment environment;

    /** @param environment where to look */
    public LibraryLocator(Environment environment) {
        this.environment = environment;
    }

    /** @return the environment searched */
    public Environment environment() {
        return environment;
    }

    /** @return the explicit override of {@code library}, if one is set */
    public Optional<Override> override(NativeLibrary library) {
        String p = environment.properties().apply(library.property());
        if (p != null && !p.isBlank()) {
            return Optional.of(new Override("-D" + library.property(), Path.of(p)));
        }
        String e = environment.env().apply(library.envVar());
        if (e != null && !e.isBlank()) {
            return Optional.of(new Override("$" + library.envVar(), Path.of(e)));
        }
        return Optional.empty();
    }

    /** @return the directories searched, in order, whether or not they exist */
    public List<Path> searchDirectories() {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        String target = "aarch64".equals(environment.arch()) ? "sbsa-linux" : "x86_64-linux";
        List<String> homes = new ArrayList<>();
        addIfSet(homes, environment.properties().apply("graft.cuda.home"));
        addIfSet(homes, environment.env().apply("CUDA_HOME"));
        addIfSet(homes, environment.env().apply("CUDA_PATH"));
        for (String h : homes) {
            Path home = at(h);
            dirs.add(home.resolve("lib64"));
            dirs.add(home.resolve("lib"));
            dirs.add(home.resolve("targets").resolve(target).resolve("lib"));
        }
        Path usrLocal = at("/usr/local");
        dirs.add(usrLocal.resolve("cuda").resolve("lib64"));
        for (Path versioned : versionedCudaDirs(usrLocal)) {
            dirs.add(versioned.resolve("lib64"));
            dirs.add(versioned.resolve("targets").resolve(target).resolve("lib"));
        }
        String ld = environment.env().apply("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String entry : ld.split(":")) {
                if (!entry.isBlank()) {
                    dirs.add(at(entry));
                }
            }
        }
        String multiarch = "aarch64".equals(environment.arch()) ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        for (String s : List.of("/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64", "/lib64", "/usr/lib",
                "/usr/lib/wsl/lib")) {
            dirs.add(at(s));
        }
        return List.copyOf(dirs);
    }

    private static void addIfSet(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value);
        }
    }

    private Path at(String absolute) {
        Path p = Path.of(absolute);
        if (!p.isAbsolute()) {
            return p;
        }
        return environment.root().resolve(absolute.substring(1));
    }

    /** {@code /usr/local/cuda-X.Y} directories, newest version first. */
    private static List<Path> versionedCudaDirs(Path usrLocal) {
        if (!Files.isDirectory(usrLocal)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(usrLocal)) {
            return s.filter(p -> CUDA_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(LibraryLocator::versionKey).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long versionKey(Path dir) {
        Matcher m = CUDA_DIR.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        long major = Long.parseLong(m.group(1));
        long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return major * 1000 + minor;
    }

    /**
     * The files that exist for {@code library}, in the order to try them. When an override is set, only the
     * override is returned (even when the file does not exist, so the caller reports it).
     *
     * @return candidate files
     */
    public List<Path> candidates(NativeLibrary library) {
        Optional<Override> o = override(library);
        if (o.isPresent()) {
            return List.of(o.get().file());
        }
        List<Path> out = new ArrayList<>();
        for (Path dir : searchDirectories()) {
            for (String name : library.fileNames()) {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f) && !out.contains(f)) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
