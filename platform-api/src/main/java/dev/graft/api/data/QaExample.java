package dev.graft.api.data;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One QA example in one of the three {@link QaFormat formats}. Every example has an id (unique within its
 * set, stable across builds), a question, a context, the group key that decided its split, and the split.
 * The records check their own invariants on construction: an extractive answer is the exact substring of
 * its context at its offset; a multiple-choice example has distinct options and a label that indexes one.
 */
public sealed interface QaExample {
    /** @return unique within the set, stable across builds */
    String id();

    /** @return the question */
    String question();

    /** @return the context the question is about */
    String context();

    /** @return the group key */
    String group();

    /** @return the split, {@code Split.of(group())} */
    Split split();

    /** @return the answer as text (the span, the correct option, or {@code yes}/{@code no}) */
    String answerText();

    /**
     * The example cast as one text-to-text input, the same way for every format, so that one sequence-to-sequence
     * model can be trained on a mix of them (as UnifiedQA does): the question, a newline and the context (left out
     * when empty), and for a multiple-choice example a newline and its options as {@code (a) ... (b) ...}. The
     * target is {@link #answerText()}.
     *
     * @return the input text
     */
    default String textToTextInput() {
        return context().isEmpty() ? question() : question() + "\n" + context();
    }

    /**
     * An extractive example.
     *
     * @param id          id
     * @param question    question
     * @param context     context
     * @param answer      the answer, {@code context.substring(answerStart, answerStart + answer.length())}
     * @param answerStart the answer's character offset in the context
     * @param group       group key
     * @param split       split
     */
    record Extractive(String id, String question, String context, String answer, int answerStart, String group,
                      Split split) implements QaExample {
        /**
         * @throws IllegalArgumentException if the answer is empty or not the context's substring at its offset
         */
        public Extractive {
            Objects.requireNonNull(split, "split");
            if (answer.isEmpty() || answerStart < 0 || !context.startsWith(answer, answerStart)) {
                throw new IllegalArgumentException("extractive example " + id + ": answer '" + answer
                        + "' is not the substring of its context at offset " + answerStart);
            }
        }

        @Override
        public String answerText() {
            return answer;
        }
    }

    /**
     * A multiple-choice example.
     *
     * @param id       id
     * @param question question
     * @param context  context (may be empty)
     * @param options  the options, pairwise distinct ignoring case
     * @param label    the index of the correct option
     * @param group    group key
     * @param split    split
     */
    record MultipleChoice(String id, String question, String context, List<String> options, int label, String group,
                          Split split) implements QaExample {
        /**
         * @throws IllegalArgumentException if fewer than two or more than 26 options, duplicates, or the label is out
         *                                  of range
         */
        public MultipleChoice {
            Objects.requireNonNull(split, "split");
            options = List.copyOf(options);
            Set<String> seen = new HashSet<>();
            for (String o : options) {
                if (!seen.add(o.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("multiple-choice example " + id + ": option '" + o
                            + "' appears twice, so more than one option would be correct");
                }
            }
            if (options.size() > 26) {
                throw new IllegalArgumentException("multiple-choice example " + id + " has " + options.size()
                        + " options; at most 26 can be lettered (a) to (z)");
            }
            if (options.size() < 2 || label < 0 || label >= options.size()) {
                throw new IllegalArgumentException("multiple-choice example " + id + ": label " + label
                        + " does not index one of its " + options.size() + " options");
            }
        }

        @Override
        public String answerText() {
            return options.get(label);
        }

        @Override
        public String textToTextInput() {
            StringBuilder sb = new StringBuilder(QaExample.super.textToTextInput()).append('\n');
            for (int i = 0; i < options.size(); i++) {
                sb.append(i == 0 ? "" : " ").append('(').append((char) ('a' + i)).append(") ").append(options.get(i));
            }
            return sb.toString();
        }
    }

    /**
     * A yes/no example.
     *
     * @param id       id
     * @param question question
     * @param context  context
     * @param answer   {@code true} for yes
     * @param group    group key
     * @param split    split
     */
    record YesNo(String id, String question, String context, boolean answer, String group, Split split)
            implements QaExample {
        /**
         * @throws NullPointerException if the split is null
         */
        public YesNo {
            Objects.requireNonNull(split, "split");
        }

        @Override
        public String answerText() {
            return answer ? "yes" : "no";
        }
    }
}
