package dev.graft.api.data;

import java.util.List;
import java.util.Objects;

/**
 * A document of an entity- and relation-linked corpus: text, entity mentions linked to knowledge-base ids,
 * and relations between mentions. Mentions are sorted by start and do not overlap.
 *
 * @param id        unique within the corpus
 * @param text      the text
 * @param entities  the linked mentions
 * @param relations relations between mentions, by index into {@code entities}
 * @param group     the group key that decided the split
 * @param split     the split
 */
public record LinkedDocument(String id, String text, List<Mention> entities, List<RelationMention> relations,
                             String group, Split split) {
    /**
     * An entity mention.
     *
     * @param start    first character
     * @param end      one past the last character
     * @param entityId the knowledge-base id (a WordNet synset id, or {@code factbook:CODE})
     * @param surface  {@code text.substring(start, end)}
     */
    public record Mention(int start, int end, String entityId, String surface) {
    }

    /**
     * A relation between two mentions of the same document.
     *
     * @param head     index of the head mention
     * @param tail     index of the tail mention
     * @param relation the relation, e.g. {@code hypernym}, {@code borders}, {@code capital}
     */
    public record RelationMention(int head, int tail, String relation) {
    }

    /**
     * @throws IllegalArgumentException if a mention's surface is not the text at its span, mentions overlap
     *                                  or are unsorted, or a relation indexes a missing mention
     */
    public LinkedDocument {
        Objects.requireNonNull(split, "split");
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
        int lastEnd = 0;
        for (Mention m : entities) {
            if (m.start() < lastEnd || m.end() > text.length() || !text.substring(m.start(), m.end()).equals(m.surface())) {
                throw new IllegalArgumentException("document " + id + ": mention " + m
                        + " overlaps the previous one or is not the text at its span");
            }
            lastEnd = m.end();
        }
        for (RelationMention r : relations) {
            if (r.head() < 0 || r.head() >= entities.size() || r.tail() < 0 || r.tail() >= entities.size()) {
                throw new IllegalArgumentException("document " + id + ": relation " + r + " indexes a missing mention");
            }
        }
    }
}
