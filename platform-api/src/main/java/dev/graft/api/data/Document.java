package dev.graft.api.data;

/**
 * One document of a pre-training domain: a chapter, a paragraph, a definition.
 *
 * @param id   unique within the domain, stable across builds
 * @param text the text, one paragraph (no newlines)
 */
public record Document(String id, String text) {
}
