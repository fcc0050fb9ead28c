package dev.graft.runtime.cli.model;

import com.google.gson.GsonBuilder;
import dev.graft.api.model.PretrainedModule;
import dev.graft.api.model.bert.BertForMaskedLM;
import dev.graft.api.model.tokenizer.Encoding;
import dev.graft.api.model.tokenizer.SpecialTokens;
import dev.graft.api.model.tokenizer.Tokenizer;
import dev.graft.api.tensor.ComputeBackend;
import dev.graft.api.tensor.NoGrad;
import dev.graft.api.tensor.Tensor;
import dev.graft.runtime.cli.BackendOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft fill-mask DIR --text "... [MASK] ..."}: the most likely tokens for each mask of a BERT model. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        header = "Predict the masked tokens of a text with a BERT or RoBERTa masked-language model.",
        description = "Write the tokenizer's mask token ([MASK] for BERT, <mask> for RoBERTa) where a word is "
                + "missing. Prints, for each mask, the --top most likely tokens with their probabilities.")
public final class FillMaskCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A bert or roberta model directory with tokenizer.json.")
    Path dir;

    @Option(names = "--text", required = true, description = "The text, with at least one mask token.")
    String text;

    @Option(names = "--top", description = "Candidates per mask (default: ${DEFAULT-VALUE}).")
    int top = 5;

    @Option(names = "--json", description = "Print a JSON array (one entry per mask) instead of text.")
    boolean json;

    @Mixin
    BackendOption backendOption;

    /** One candidate for a mask. */
    record Candidate(String token, int id, double score) {
    }

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--top must be >= 1, got " + top);
        }
        try (Tokenizer tok = ModelDirs.tokenizer(dir); ComputeBackend be = backendOption.create()) {
            SpecialTokens.Token mask = tok.specialTokens().mask().orElseThrow(() -> new IllegalArgumentException(
                    dir.resolve("tokenizer.json") + ": the tokenizer names no mask token"));
            Encoding e = tok.encode(text);
            int[] ids = e.ids();
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == mask.id()) {
                    positions.add(i);
                }
            }
            if (positions.isEmpty()) {
                throw new IllegalArgumentException("the text has no " + mask.text() + " token");
            }
            spec.commandLine().getErr().println("graft: " + backendOption.choiceMessage());
            List<List<Candidate>> results = new ArrayList<>();
            try (PretrainedModule model = ModelDirs.load(dir, be); NoGrad ignored = NoGrad.enter()) {
                if (!(model instanceof BertForMaskedLM mlm)) {
                    throw new IllegalArgumentException(dir + ": fill-mask needs a masked-language model, this is "
                            + model.architecture());
                }
                mlm.eval();
                Tensor logits = mlm.forward(Tensor.ofInts(be, ids, 1, ids.length),
                        Tensor.ofInts(be, e.typeIds(), 1, ids.length), null);          // [1, T, vocab]
                int vocab = logits.size(2);
                for (int p : positions) {
                    float[] row = logits.slice(1, p, p + 1).toFloatArray();
                    results.add(best(tok, row, Math.min(top, vocab)));
                }
            }
            print(results, mask.text());
        }
        return 0;
    }

    private static List<Candidate> best(Tokenizer tok, float[] logits, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int id = order[i];
            out.add(new Candidate(tok.decode(new int[] {id}, false).strip(), id, Math.exp(logits[id] - max) / sum));
        }
        return out;
    }

    private void print(List<List<Candidate>> results, String maskText) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<List<Map<String, Object>>> j = new ArrayList<>();
            for (List<Candidate> r : results) {
                List<Map<String, Object>> l = new ArrayList<>();
                for (Candidate c : r) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("token", c.token());
                    m.put("id", c.id());
                    m.put("score", c.score());
                    l.add(m);
                }
                j.add(l);
            }
            out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(j));
            return;
        }
        for (int m = 0; m < results.size(); m++) {
            out.println(maskText + " " + (m + 1) + ":");
            for (Candidate c : results.get(m)) {
                out.println(String.format(Locale.ROOT, "  %-20s %6d  %.4f", c.token(), c.id(), c.score()));
            }
        }
    }
}
