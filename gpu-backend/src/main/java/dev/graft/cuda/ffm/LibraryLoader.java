package dev.graft.cuda.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads one CUDA library: tries the {@link LibraryLocator}'s candidates in order, then (without an override)
 * each bare file name through the system loader, and records every attempt for error messages and
 * {@code graft doctor}.
 *
 * <p>Libraries are loaded into {@link Arena#global()}: a CUDA library is never unloaded while the process runs
 * (unloading cuBLAS under live handles crashes). Loading is a restricted FFM operation; run with
 * {@code --enable-native-access=ALL-UNNAMED} (class path) or {@code =dev.graft.cuda} (module path).
 */
public final class LibraryLoader {

    /**
     * A loaded library.
     *
     * @param probe  what was looked for and what was chosen
     * @param lookup the symbols, present exactly when {@code probe.found()}
     */
    public record Loaded(LibraryProbe probe, Optional<SymbolLookup> lookup) {
    }

    private final LibraryLocator locator;

    /** @param locator where the candidate files come from */
    public LibraryLoader(LibraryLocator locator) {
        this.locator = locator;
    }

    /**
     * Loads {@code library}, or reports why it could not.
     *
     * @param library      the library
     * @param sanitySymbol a symbol the right library must export (guards against loading an unrelated file)
     * @return the result; never throws
     */
    public Loaded load(NativeLibrary library, String sanitySymbol) {
        List<LibraryProbe.Attempt> attempts = new ArrayList<>();
        Optional<LibraryLocator.Override> override = locator.override(library);
        if (override.isPresent()) {
            Path f = override.get().file();
            if (!Files.isRegularFile(f)) {
                attempts.add(new LibraryProbe.Attempt(f.toString(), "absent"));
                return new Loaded(new LibraryProbe(library, Optional.empty(), attempts,
                        override.get().source() + " names " + f + ", which is not a file"), Optional.empty());
            }
            Optional<SymbolLookup> l = tryLoad(f.toString(), sanitySymbol, attempts);
            return l.map(s -> new Loaded(new LibraryProbe(library, Optional.of(f.toString()), attempts, null),
                            Optional.of(s)))
                    .orElseGet(() -> new Loaded(new LibraryProbe(library, Optional.empty(), attempts,
                            override.get().source() + " names " + f + ", which could not be loaded"),
                            Optional.empty()));
        }
        for (Path f : locator.candidates(library)) {
            Optional<SymbolLookup> l = tryLoad(f.toString(), sanitySymbol, attempts);
            if (l.isPresent()) {
                return new Loaded(new LibraryProbe(library, Optional.of(f.toString()), attempts, null), l);
            }
        }
        for (String name : library.fileNames()) {
            Optional<SymbolLookup> l = tryLoad(name, sanitySymbol, attempts);
            if (l.isPresent()) {
                return new Loaded(new LibraryProbe(library, Optional.of(name), attempts, null), l);
            }
        }
        String dirs = String.join(", ", locator.searchDirectories().stream().map(Path::toString).toList());
        attempts.add(new LibraryProbe.Attempt("directories searched", dirs));
        return new Loaded(new LibraryProbe(library, Optional.empty(), attempts,
                "none of " + library.fileNames() + " was found or could be loaded"), Optional.empty());
    }

    private static Optional<SymbolLookup> tryLoad(String candidate, String sanitySymbol,
                                                  List<LibraryProbe.Attempt> attempts) {
        try {
            SymbolLookup lookup = candidate.contains("/")
                    ? SymbolLookup.libraryLookup(Path.of(candidate), Arena.global())
                    : SymbolLookup.libraryLookup(candidate, Arena.global());
            if (lookup.find(sanitySymbol).isEmpty()) {
                attempts.add(new LibraryProbe.Attempt(candidate, "loaded, but it does not export " + sanitySymbol));
                return Optional.empty();
            }
            attempts.add(new LibraryProbe.Attempt(candidate, "loaded"));
            return Optional.of(lookup);
        } catch (IllegalArgumentException | IllegalCallerException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            attempts.add(new LibraryProbe.Attempt(candidate,
                    candidate.contains("/") ? "could not be loaded: " + why : "not found by the system loader"));
            return Optional.empty();
        }
    }
}
