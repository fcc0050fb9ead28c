package dev.graft.api.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The names the data enums go by on the command line and in files: their constant names in lower case. */
final class Labels {
    private Labels() {
    }

    /** @return {@code e}'s name in lower case, e.g. {@code wn_noun_supersense} */
    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param type what to look in
     * @param name a name as written by {@link #of(Enum)}
     * @param what what a constant of {@code type} is, for the message, e.g. {@code "dataset"}
     * @return the constant of that name
     * @throws IllegalArgumentException listing the known names if none matches
     */
    static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: "
                + Arrays.stream(type.getEnumConstants()).map(Labels::of).collect(Collectors.joining(", ")));
    }
}
