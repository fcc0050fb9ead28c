package dev.graft.api.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The names the data enums go by on the command line and in files (their constant names in lower case), and the
 * majority label of a split.
 */
final class Labels {
    private Labels() {
    }

    /** @return {@code e}'s name in lower case, e.g. {@code wn_noun_supersense} */
    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param order  the labels, in the order that breaks ties
     * @param counts how often each label occurs (absent: never)
     * @return the most frequent label, the first in {@code order} among equals
     * @throws java.util.NoSuchElementException if {@code order} is empty
     */
    static String mostFrequent(List<String> order, Map<String, Integer> counts) {
        String best = order.getFirst();
        for (String l : order) {
            if (counts.getOrDefault(l, 0) > counts.getOrDefault(best, 0)) {
                best = l;
            }
        }
        return best;
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
