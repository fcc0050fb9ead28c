package dev.graft.cuda;

import java.util.List;

/**
 * What the probe found for one CUDA library.
 *
 * @param name        {@code CUDA driver}, {@code NVRTC}, {@code cuBLAS} or {@code cuBLASLt}
 * @param file        the file loaded (or the bare name the system loader resolved), or {@code null}
 * @param version     the version the library reports, or {@code null} when it was not loaded
 * @param problem     why it cannot be used, or {@code null}
 * @param tried       every candidate tried, each as {@code "<candidate>: <outcome>"}
 * @param overrideProperty the system property that names the file explicitly
 * @param overrideEnv the environment variable that names the file explicitly
 */
public record LibraryStatus(String name, String file, String version, String problem, List<String> tried,
                            String overrideProperty, String overrideEnv) {

    public LibraryStatus {
        tried = List.copyOf(tried);
    }

    /** @return whether the library was loaded and bound */
    public boolean ok() {
        return file != null && problem == null;
    }

    /** @return one line, e.g. {@code cuBLAS 13.1.0: /usr/local/cuda/lib64/libcublas.so.13} */
    public String summary() {
        if (ok()) {
            return name + (version == null ? "" : " " + version) + ": " + file;
        }
        return name + ": NOT USABLE (" + problem + ")";
    }

    /** @return the summary, the override names and every candidate tried, one per line */
    public String describe() {
        StringBuilder sb = new StringBuilder(summary());
        sb.append("\n    override: -D").append(overrideProperty).append("=<file> or ").append(overrideEnv)
                .append("=<file>");
        for (String t : tried) {
            sb.append("\n    tried ").append(t);
        }
        return sb.toString();
    }
}
