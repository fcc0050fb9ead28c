package dev.graft.runtime.cli.data;

import dev.graft.api.data.BundleException;
import dev.graft.api.data.DataBundle;
import dev.graft.api.data.DataCatalog;
import dev.graft.api.data.DataHome;
import dev.graft.api.data.ExtendedData;
import dev.graft.api.data.ExtendedFile;
import dev.graft.runtime.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options shared by the {@code graft data} subcommands: where the bundle and the cache are.
 */
public final class DataOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "The data bundle directory (default: -Dgraft.data.bundle, $GRAFT_DATA_BUNDLE, or data/ of this checkout).")
    Path bundle;

    @Option(names = "--no-cache", description = "Build datasets from the bundle without reading or writing the cache.")
    boolean noCache;

    /** @return the bundle named by {@code --bundle}, or the default one */
    DataBundle openBundle() {
        return bundle != null ? DataBundle.open(bundle) : DataBundle.locate();
    }

    /** @return a catalog over the bundle, cached under {@code GRAFT_HOME/cache/data} unless {@code --no-cache} */
    DataCatalog catalog() {
        DataBundle b = openBundle();
        return noCache ? DataCatalog.uncached(b) : DataCatalog.withCache(b, home(mixee));
    }

    /**
     * @param catalog the catalog of the embedded bundle (AFINN comes from it)
     * @return the extended tasks and domains, read from {@code GRAFT_HOME/data/extended}
     */
    ExtendedData extended(DataCatalog catalog) {
        return ExtendedData.in(home(mixee), catalog.sources());
    }

    /**
     * @param x     the extended data
     * @param name  the task or domain, for the message
     * @param files the files it is built from
     * @param err   where to say that it is skipped and which command fetches it, when a file is missing
     * @return whether every file is there
     */
    static boolean fetched(ExtendedData x, String name, List<ExtendedFile> files, PrintWriter err) {
        List<ExtendedFile> missing = x.missing(files);
        if (!missing.isEmpty()) {
            err.printf("graft: %s skipped, not fetched: %s%n", name, missing.getFirst().fetchCommand());
        }
        return missing.isEmpty();
    }

    /**
     * @param spec a command of the {@code graft} tree
     * @return the Graft home chosen by {@code graft --home} or the environment
     */
    static DataHome home(CommandSpec spec) {
        Object root = spec == null ? null : spec.root().userObject();
        return root instanceof dev.graft.runtime.cli.GraftCommand g ? new DataHome(g.home().root())
                : DataHome.fromEnvironment();
    }

    /**
     * Runs a command body, turning a bundle problem into its message and exit code: 66 for a missing file,
     * 65 for a corrupt or malformed one.
     *
     * @param err  where to print the message
     * @param body the command body
     * @return the body's exit code, or the bundle problem's
     * @throws Exception whatever the body throws besides a {@link BundleException}
     */
    static int run(PrintWriter err, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (BundleException e) {
            err.println("graft: " + e.getMessage());
            err.flush();
            return e.kind() == BundleException.Kind.MISSING ? ExitCodes.NO_INPUT : ExitCodes.DATA_ERROR;
        }
    }
}
