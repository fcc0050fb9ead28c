package dev.graft.api.model;

import dev.graft.api.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a Hugging Face model directory besides {@code config.json} and the weights that a model carries
 * unchanged from load to save, so that a saved directory tokenizes and generates as the original did:
 * {@link #NAMES} ({@code tokenizer.json}, {@code tokenizer_config.json}, {@code generation_config.json}, ...).
 * Other files (reports, other checkpoints) are not carried.
 *
 * <p>Immutable; the byte arrays are never handed out.
 */
public final class SideFiles {
    /** The file names carried, as {@code save_pretrained} of models, tokenizers and generation configs writes them. */
    public static final List<String> NAMES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json", "generation_config.json", "vocab.txt", "vocab.json",
            "merges.txt", "spiece.model");

    /** The largest side file carried, in bytes. */
    public static final long MAX_BYTES = 256L << 20;

    private static final SideFiles NONE = new SideFiles(Map.of());

    private final Map<String, byte[]> files;

    private SideFiles(Map<String, byte[]> files) {
        this.files = files;
    }

    /** @return no side files (a model built in code) */
    public static SideFiles none() {
        return NONE;
    }

    /**
     * Reads the side files present in a model directory.
     *
     * @throws ModelFormatException ({@code BAD_FIELD}) naming a file larger than {@link #MAX_BYTES}
     * @throws IOException          if one cannot be read
     */
    public static SideFiles read(Path directory) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            Path f = directory.resolve(name);
            if (Files.isRegularFile(f)) {
                long size = Files.size(f);
                if (size > MAX_BYTES) {
                    throw new ModelFormatException(f, ModelFormatException.Problem.BAD_FIELD,
                            "file is " + size + " bytes, more than the " + MAX_BYTES + " carried beside a model");
                }
                out.put(name, Files.readAllBytes(f));
            }
        }
        return out.isEmpty() ? NONE : new SideFiles(Collections.unmodifiableMap(out));
    }

    /** @return the names of the files held, in {@link #NAMES} order */
    public List<String> names() {
        return List.copyOf(files.keySet());
    }

    /** @return whether a file of this name is held */
    public boolean has(String name) {
        return files.containsKey(name);
    }

    /**
     * Writes every file held into a directory, each atomically.
     *
     * @throws IOException if one cannot be written
     */
    public void writeTo(Path directory) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] bytes = e.getValue();
            AtomicFiles.write(directory.resolve(e.getKey()), ch -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            });
        }
    }
}
