package dev.graft.cuda.ffm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What was looked for when one native library was searched, and what was found.
 *
 * @param library  the library
 * @param chosen   the file (or, for the system loader, the bare file name) that loaded, if any
 * @param attempts every candidate tried, in order, each with its outcome
 * @param error    why no candidate could be used, or {@code null} when one was chosen
 */
public record LibraryProbe(NativeLibrary library, Optional<String> chosen, List<Attempt> attempts, String error) {

    /**
     * One candidate and what happened to it.
     *
     * @param candidate a path, or a bare file name handed to the system loader
     * @param outcome   {@code loaded}, {@code absent}, or the loader's error message
     */
    public record Attempt(String candidate, String outcome) {
    }

    /** @return whether a library was loaded */
    public boolean found() {
        return chosen.isPresent();
    }

    /** @return the chosen file as a path, when it is one (not a bare name resolved by the system loader) */
    public Optional<Path> chosenPath() {
        return chosen.filter(s -> s.contains("/")).map(Path::of);
    }

    /** @return a multi-line description: what was chosen or why nothing was, then every candidate tried */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(library.title()).append(": ").append(chosen.orElse("NOT FOUND"));
        if (error != null) {
            sb.append(" (").append(error).append(')');
        }
        sb.append("\n    override with -D").append(library.property()).append("=<file> or ")
                .append(library.envVar()).append("=<file>");
        for (Attempt a : attempts) {
            sb.append("\n    tried ").append(a.candidate()).append(": ").append(a.outcome());
        }
        return sb.toString();
    }
}
