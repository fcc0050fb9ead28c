package dev.graft.api.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bag-of-words multinomial logistic-regression baseline for a {@link ClassificationTask}, to check that
 * texts and labels carry the signal they claim.
 *
 * <p>Features follow scikit-learn's {@code TfidfVectorizer} defaults: lower-cased word unigrams and bigrams
 * (tokens of two or more word characters) for text tasks; for pair tasks, character 2–4-grams of each word
 * of the pair, kept apart by a prefix. The vocabulary and the smooth idf, {@code ln((1+n)/(1+df)) + 1}, are
 * fitted on the training split; every vector is L2-normalised. The model is trained with AdaGrad on the
 * softmax cross-entropy plus an L2 penalty, visiting the training examples in an order drawn from
 * {@link Config#seed()}; the same task and config give the same weights and accuracies bit for bit.
 * Not thread-safe; each call to {@link #run} is independent.
 */
public final class BagOfWordsBaseline {
    /**
     * Training settings.
     *
     * @param epochs       passes over the training split
     * @param learningRate AdaGrad's base step
     * @param l2           L2 penalty per example and step
     * @param seed         seed of the visiting order
     */
    public record Config(int epochs, double learningRate, double l2, long seed) {
        /** The defaults used by {@code graft data baseline}: 8 epochs, step 0.5, L2 1e-6, seed 17. */
        public static final Config DEFAULT = new Config(8, 0.5, 1e-6, 17);

        /**
         * @throws IllegalArgumentException if epochs is not positive or a rate is negative
         */
        public Config {
            if (epochs <= 0 || learningRate <= 0 || l2 < 0) {
                throw new IllegalArgumentException("baseline config: epochs and learningRate must be positive and l2 "
                        + "non-negative, got epochs=" + epochs + " learningRate=" + learningRate + " l2=" + l2);
            }
        }
    }

    /**
     * The outcome of a run.
     *
     * @param task          the task name
     * @param features      size of the fitted vocabulary
     * @param trainAccuracy accuracy on the training split
     * @param devAccuracy   accuracy on the development split
     * @param testAccuracy  accuracy on the test split
     */
    public record Result(String task, int features, double trainAccuracy, double devAccuracy, double testAccuracy) {
    }

    private static final Pattern TOKEN = Pattern.compile("\\b\\w\\w+\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private BagOfWordsBaseline() {
    }

    /**
     * Trains on the training split and scores every split.
     *
     * @param task   the task
     * @param config the settings
     * @return accuracies
     * @throws IllegalArgumentException if the training split is empty
     */
    public static Result run(ClassificationTask task, Config config) {
        Objects.requireNonNull(config, "config");
        List<ClassificationExample> train = task.examples(Split.TRAIN);
        if (train.isEmpty()) {
            throw new IllegalArgumentException(task.name() + ": the training split is empty");
        }
        boolean pair = task.isPairTask();
        Map<String, Integer> vocab = new HashMap<>();
        List<List<String>> trainTerms = new ArrayList<>();
        for (ClassificationExample e : train) {
            List<String> t = terms(e, pair);
            trainTerms.add(t);
            for (String s : new java.util.HashSet<>(t)) {
                vocab.putIfAbsent(s, vocab.size());
            }
        }
        int[] df = new int[vocab.size()];
        for (List<String> t : trainTerms) {
            for (String s : new java.util.HashSet<>(t)) {
                df[vocab.get(s)]++;
            }
        }
        double[] idf = new double[df.length];
        for (int i = 0; i < df.length; i++) {
            idf[i] = Math.log((1.0 + train.size()) / (1.0 + df[i])) + 1.0;
        }
        int classes = task.labels().size();
        Sparse[] trainX = new Sparse[train.size()];
        int[] trainY = new int[train.size()];
        for (int i = 0; i < train.size(); i++) {
            trainX[i] = vectorize(trainTerms.get(i), vocab, idf);
            trainY[i] = task.labelIndex(train.get(i).label());
        }
        double[] w = new double[vocab.size() * classes];
        double[] bias = new double[classes];
        double[] g2 = new double[w.length];
        double[] g2b = new double[classes];
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(config.seed());
        double[] p = new double[classes];
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int n : order) {
                Sparse x = trainX[n];
                scores(x, w, bias, classes, p);
                softmax(p);
                p[trainY[n]] -= 1.0;
                for (int c = 0; c < classes; c++) {
                    double gb = p[c];
                    g2b[c] += gb * gb;
                    bias[c] -= config.learningRate() * gb / (Math.sqrt(g2b[c]) + 1e-8);
                }
                for (int k = 0; k < x.index.length; k++) {
                    int base = x.index[k] * classes;
                    for (int c = 0; c < classes; c++) {
                        double g = p[c] * x.value[k] + config.l2() * w[base + c];
                        g2[base + c] += g * g;
                        w[base + c] -= config.learningRate() * g / (Math.sqrt(g2[base + c]) + 1e-8);
                    }
                }
            }
        }
        double[] acc = new double[3];
        for (Split s : Split.values()) {
            List<ClassificationExample> ex = task.examples(s);
            int hit = 0;
            for (ClassificationExample e : ex) {
                scores(vectorize(terms(e, pair), vocab, idf), w, bias, classes, p);
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                if (task.labels().get(best).equals(e.label())) {
                    hit++;
                }
            }
            acc[s.ordinal()] = ex.isEmpty() ? Double.NaN : (double) hit / ex.size();
        }
        return new Result(task.name(), vocab.size(), acc[0], acc[1], acc[2]);
    }

    private record Sparse(int[] index, double[] value) {
    }

    private static void scores(Sparse x, double[] w, double[] bias, int classes, double[] out) {
        System.arraycopy(bias, 0, out, 0, classes);
        for (int k = 0; k < x.index.length; k++) {
            int base = x.index[k] * classes;
            double v = x.value[k];
            for (int c = 0; c < classes; c++) {
                out[c] += w[base + c] * v;
            }
        }
    }

    private static void softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) {
            z[i] /= sum;
        }
    }

    /** tf (raw count) × idf over the known vocabulary, L2-normalised; unknown terms are ignored. */
    private static Sparse vectorize(List<String> terms, Map<String, Integer> vocab, double[] idf) {
        java.util.TreeMap<Integer, Double> tf = new java.util.TreeMap<>();
        for (String t : terms) {
            Integer i = vocab.get(t);
            if (i != null) {
                tf.merge(i, 1.0, Double::sum);
            }
        }
        int[] index = new int[tf.size()];
        double[] value = new double[tf.size()];
        double norm = 0;
        int k = 0;
        for (Map.Entry<Integer, Double> e : tf.entrySet()) {
            index[k] = e.getKey();
            value[k] = e.getValue() * idf[e.getKey()];
            norm += value[k] * value[k];
            k++;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < value.length; i++) {
                value[i] /= norm;
            }
        }
        return new Sparse(index, value);
    }

    /** The terms of an example: word 1–2-grams, or for pairs character 2–4-grams of each side. */
    static List<String> terms(ClassificationExample e, boolean pair) {
        List<String> out = new ArrayList<>();
        if (pair) {
            charGrams("h:", e.text(), out);
            charGrams("t:", e.textPair() == null ? "" : e.textPair(), out);
            return out;
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(e.text().toLowerCase(Locale.ROOT));
        while (m.find()) {
            tokens.add(m.group());
        }
        out.addAll(tokens);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            out.add(tokens.get(i) + " " + tokens.get(i + 1));
        }
        return out;
    }

    private static void charGrams(String prefix, String word, List<String> out) {
        String w = word.toLowerCase(Locale.ROOT);
        for (int n = 2; n <= 4; n++) {
            for (int i = 0; i + n <= w.length(); i++) {
                out.add(prefix + w.substring(i, i + n));
            }
        }
    }
}
