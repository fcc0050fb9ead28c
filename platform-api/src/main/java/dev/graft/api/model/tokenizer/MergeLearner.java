package dev.graft.api.model.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Learns BPE merges from word counts: repeatedly merges the most frequent adjacent pair of symbols (ties to the
 * pair of smallest ids, as Hugging Face's trainer breaks them) until the vocabulary reaches its size or no pair
 * occurs {@code minFrequency} times. Only the words a merge touches are revisited, so training costs about the
 * size of the corpus per merge in the worst case and far less in practice.
 */
final class MergeLearner {
    /** The learned vocabulary (token to id, in id order) and merges (in rank order). */
    record Result(LinkedHashMap<String, Integer> vocab, List<String[]> merges) {
    }

    private record Candidate(long count, int a, int b) {
    }

    private MergeLearner() {
    }

    /**
     * @param wordCounts   each distinct pre-tokenized word and how often it occurs, in a fixed order
     * @param initial      the vocabulary to start from (special tokens, alphabet), in id order
     * @param symbols      splits a word into its initial symbols, each of which must be added to the vocabulary
     * @param join         the token two merged symbols become
     * @param vocabSize    the size to stop at
     * @param minFrequency the least count a pair needs to be merged
     */
    static Result learn(SortedMap<String, Long> wordCounts, List<String> initial, Function<String, List<String>> symbols,
                        BinaryOperator<String> join, int vocabSize, long minFrequency) {
        LinkedHashMap<String, Integer> vocab = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (String t : initial) {
            add(vocab, tokens, t);
        }
        List<int[]> words = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Map.Entry<String, Long> w : wordCounts.entrySet()) {
            List<String> parts = symbols.apply(w.getKey());
            int[] ids = new int[parts.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = add(vocab, tokens, parts.get(i));
            }
            words.add(ids);
            counts.add(w.getValue());
        }
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            count(words.get(w), counts.get(w), pairCounts, where, w);
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>((x, y) -> x.count != y.count
                ? Long.compare(y.count, x.count) : x.a != y.a ? Integer.compare(x.a, y.a) : Integer.compare(x.b, y.b));
        pairCounts.forEach((k, c) -> queue.add(new Candidate(c, (int) (k >>> 32), (int) (long) k)));
        List<String[]> merges = new ArrayList<>();
        while (vocab.size() < vocabSize && !queue.isEmpty()) {
            Candidate top = queue.poll();
            long key = key(top.a, top.b);
            long current = pairCounts.getOrDefault(key, 0L);
            if (current != top.count) {
                if (current > 0) {
                    queue.add(new Candidate(current, top.a, top.b));
                }
                continue;
            }
            if (current < Math.max(1, minFrequency)) {
                break;
            }
            String merged = join.apply(tokens.get(top.a), tokens.get(top.b));
            int id = add(vocab, tokens, merged);
            merges.add(new String[] {tokens.get(top.a), tokens.get(top.b)});
            Set<Long> changed = new HashSet<>();
            for (int w : new ArrayList<>(where.getOrDefault(key, Set.of()))) {
                int[] before = words.get(w);
                int[] after = merge(before, top.a, top.b, id);
                if (after.length == before.length) {
                    continue;
                }
                long n = counts.get(w);
                uncount(before, n, pairCounts, changed);
                count(after, n, pairCounts, where, w);
                for (int i = 0; i + 1 < after.length; i++) {
                    changed.add(key(after[i], after[i + 1]));
                }
                words.set(w, after);
            }
            where.remove(key);
            pairCounts.remove(key);
            for (long k : changed) {
                long c = pairCounts.getOrDefault(k, 0L);
                if (c > 0) {
                    queue.add(new Candidate(c, (int) (k >>> 32), (int) k));
                }
            }
        }
        return new Result(vocab, merges);
    }

    private static int add(Map<String, Integer> vocab, List<String> tokens, String token) {
        Integer id = vocab.get(token);
        if (id != null) {
            return id;
        }
        vocab.put(token, tokens.size());
        tokens.add(token);
        return tokens.size() - 1;
    }

    static long key(int a, int b) {
        return (long) a << 32 | (b & 0xFFFFFFFFL);
    }

    private static void count(int[] word, long n, Map<Long, Long> pairCounts, Map<Long, Set<Integer>> where, int w) {
        for (int i = 0; i + 1 < word.length; i++) {
            long k = key(word[i], word[i + 1]);
            pairCounts.merge(k, n, Long::sum);
            where.computeIfAbsent(k, x -> new HashSet<>()).add(w);
        }
    }

    private static void uncount(int[] word, long n, Map<Long, Long> pairCounts, Set<Long> changed) {
        for (int i = 0; i + 1 < word.length; i++) {
            long k = key(word[i], word[i + 1]);
            long c = pairCounts.merge(k, -n, Long::sum);
            if (c <= 0) {
                pairCounts.remove(k);
            }
            changed.add(k);
        }
    }

    /** Merges every non-overlapping occurrence of (a, b), left to right. */
    private static int[] merge(int[] word, int a, int b, int id) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                out[n++] = id;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return n == word.length ? word : java.util.Arrays.copyOf(out, n);
    }
}
