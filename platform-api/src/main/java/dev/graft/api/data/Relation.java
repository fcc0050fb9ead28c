package dev.graft.api.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The WordNet pointer types kept in the bundle. Inverse pointers (hyponym, meronyms, members of a domain)
 * are not stored; {@link WordNet} derives them by inverting. {@link #isSymmetric() Symmetric} relations
 * are stored once per pair.
 */
public enum Relation {
    /** X is a kind of Y ({@code @}) */
    HYPERNYM,
    /** X is an instance of Y ({@code @i}) */
    INSTANCE_HYPERNYM,
    /** X is a member of Y ({@code #m}) */
    MEMBER_HOLONYM,
    /** X is a substance of Y ({@code #s}) */
    SUBSTANCE_HOLONYM,
    /** X is a part of Y ({@code #p}) */
    PART_HOLONYM,
    /** word X is the opposite of word Y ({@code !}, lexical) */
    ANTONYM,
    /** word X is derivationally related to word Y ({@code +}, lexical) */
    DERIVATION,
    /** adjective X is similar to Y ({@code &}) */
    SIMILAR_TO,
    /** verbs X and Y are grouped ({@code $}) */
    VERB_GROUP,
    /** see also ({@code ^}) */
    ALSO_SEE,
    /** noun X is an attribute with value Y or the reverse ({@code =}) */
    ATTRIBUTE,
    /** verb X entails Y ({@code *}) */
    ENTAILMENT,
    /** verb X causes Y ({@code >}) */
    CAUSE,
    /** adjective X is a participle of verb Y ({@code <}) */
    PARTICIPLE,
    /** adjective X pertains to noun Y, or adverb X derives from adjective Y ({@code \}) */
    PERTAINYM,
    /** X belongs to topic domain Y ({@code ;c}) */
    DOMAIN_TOPIC,
    /** X belongs to region domain Y ({@code ;r}) */
    DOMAIN_REGION,
    /** X belongs to usage domain Y ({@code ;u}) */
    DOMAIN_USAGE;

    /** @return the name used in the bundle and in datasets, e.g. {@code part_holonym} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the relation holds in both directions (stored once per pair) */
    public boolean isSymmetric() {
        return switch (this) {
            case ANTONYM, DERIVATION, SIMILAR_TO, VERB_GROUP, ALSO_SEE, ATTRIBUTE -> true;
            default -> false;
        };
    }

    /**
     * @param label a name as written by {@link #label()}
     * @return the relation
     * @throws IllegalArgumentException listing the known names if none matches
     */
    public static Relation fromLabel(String label) {
        for (Relation r : values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown WordNet relation '" + label + "'; known: "
                + Arrays.stream(values()).map(Relation::label).collect(Collectors.joining(", ")));
    }
}
