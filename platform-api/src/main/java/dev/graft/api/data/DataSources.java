package dev.graft.api.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed sources of one bundle, each loaded on first use and then kept. Safe for concurrent use:
 * loading is synchronized per instance. There is no shared instance; callers create one per bundle.
 */
public final class DataSources {
    private final DataBundle bundle;
    private WordNet wordNet;
    private Factbook factbook;
    private PythonDocs pythonDocs;
    private Map<String, Integer> afinn;

    /**
     * @param bundle the bundle to read
     */
    public DataSources(DataBundle bundle) {
        this.bundle = bundle;
    }

    /** @return the bundle */
    public DataBundle bundle() {
        return bundle;
    }

    /** @return WordNet, loaded on first call */
    public synchronized WordNet wordNet() {
        if (wordNet == null) {
            wordNet = WordNet.load(bundle);
        }
        return wordNet;
    }

    /** @return the Factbook, loaded on first call */
    public synchronized Factbook factbook() {
        if (factbook == null) {
            factbook = Factbook.load(bundle);
        }
        return factbook;
    }

    /** @return the Python documentation, loaded on first call */
    public synchronized PythonDocs pythonDocs() {
        if (pythonDocs == null) {
            pythonDocs = PythonDocs.load(bundle);
        }
        return pythonDocs;
    }

    /**
     * @return AFINN-165: word (or phrase) to valence in {@code [-5, 5]}, in file order
     * @throws BundleException if a valence is not an integer
     */
    public synchronized Map<String, Integer> afinn() {
        if (afinn == null) {
            Path file = bundle.directory().resolve(BundleFile.AFINN.path());
            Map<String, Integer> m = new LinkedHashMap<>();
            for (String[] f : bundle.rows(BundleFile.AFINN)) {
                try {
                    m.put(f[0], Integer.parseInt(f[1]));
                } catch (NumberFormatException e) {
                    throw new BundleException(BundleException.Kind.MALFORMED, file,
                            "word '" + f[0] + "': valence '" + f[1] + "' is not an integer", e);
                }
            }
            afinn = java.util.Collections.unmodifiableMap(m);
        }
        return afinn;
    }
}
