package dev.graft.api.model.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits raw text around special tokens before normalisation, as Hugging Face's added vocabulary does for
 * tokens with {@code normalized: false}: the leftmost occurrence wins, the longest token on a tie.
 */
final class AddedTokens {
    /** A run of text, or one special token ({@code id >= 0}). */
    record Segment(String text, int id) {
    }

    private final List<String> tokens;
    private final List<Integer> ids;

    AddedTokens(List<String> tokens, List<Integer> ids) {
        this.tokens = List.copyOf(tokens);
        this.ids = List.copyOf(ids);
    }

    List<Segment> split(String text) {
        List<Segment> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int best = -1;
            for (int t = 0; t < tokens.size(); t++) {
                String tok = tokens.get(t);
                if (!tok.isEmpty() && text.startsWith(tok, i) && (best < 0 || tok.length() > tokens.get(best).length())) {
                    best = t;
                }
            }
            if (best < 0) {
                i++;
                continue;
            }
            if (i > start) {
                out.add(new Segment(text.substring(start, i), -1));
            }
            out.add(new Segment(tokens.get(best), ids.get(best)));
            i += tokens.get(best).length();
            start = i;
        }
        if (start < text.length()) {
            out.add(new Segment(text.substring(start), -1));
        }
        return out;
    }
}
