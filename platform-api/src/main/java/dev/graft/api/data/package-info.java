/**
 * Corpora, labelled tasks, QA sets and batching built from the embedded data bundle.
 */
package dev.graft.api.data;
