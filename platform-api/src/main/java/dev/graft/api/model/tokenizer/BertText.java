package dev.graft.api.model.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BERT's text handling as Hugging Face's {@code BertNormalizer} (clean text, isolate CJK characters, strip
 * accents when lowercasing, lowercase) and {@code BertPreTokenizer} (split on whitespace, isolate punctuation)
 * define it, character class for character class.
 */
final class BertText {
    private BertText() {
    }

    /** Normalises as {@code BertNormalizer} with {@code clean_text} and {@code handle_chinese_chars} on. */
    static String normalize(String text, boolean lowercase) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) {
                return;
            }
            if (isWhitespace(c)) {
                clean.append(' ');
            } else if (isChinese(c)) {
                clean.append(' ').appendCodePoint(c).append(' ');
            } else {
                clean.appendCodePoint(c);
            }
        });
        String s = clean.toString();
        if (!lowercase) {
            return s;
        }
        StringBuilder stripped = new StringBuilder(s.length());
        Normalizer.normalize(s, Normalizer.Form.NFD).codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                // per character, without context, as Rust's char::to_lowercase
                .forEach(c -> stripped.append(Character.toString(c).toLowerCase(Locale.ROOT)));
        return stripped.toString();
    }

    /** Splits normalised text as {@code BertPreTokenizer}: whitespace removed, each punctuation mark alone. */
    static List<String> words(String normalized) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        normalized.codePoints().forEach(c -> {
            if (isWhitespace(c) || isPunctuation(c)) {
                if (!word.isEmpty()) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                if (isPunctuation(c)) {
                    out.add(Character.toString(c));
                }
            } else {
                word.appendCodePoint(c);
            }
        });
        if (!word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }

    /** Unicode White_Space, as Rust's {@code char::is_whitespace}. */
    static boolean isWhitespace(int c) {
        return c >= 0x09 && c <= 0x0D || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /** Categories Cc, Cf, Cn, Co, Cs, except tab, newline and carriage return. */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    /** ASCII punctuation (symbols such as {@code $+<=>^`|~} included) or a Unicode P* category. */
    static boolean isPunctuation(int c) {
        if (c < 128) {
            return c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /** The CJK ideograph blocks BERT isolates. */
    static boolean isChinese(int c) {
        return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2A6DF
                || c >= 0x2A700 && c <= 0x2B73F || c >= 0x2B740 && c <= 0x2B81F || c >= 0x2B920 && c <= 0x2CEAF
                || c >= 0xF900 && c <= 0xFAFF || c >= 0x2F800 && c <= 0x2FA1F;
    }
}
