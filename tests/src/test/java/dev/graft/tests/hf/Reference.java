package dev.graft.tests.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.graft.api.model.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One fixture's reference outputs from {@code transformers}, and the checks the fixtures' README sets: logits
 * and hidden states within 1e-4 absolute at the real positions, gradients within 1e-4 of the reference relative
 * to its norm, losses within 1e-4 relative.
 */
final class Reference implements AutoCloseable {
    static final double ABS = 1e-4;
    static final double REL = 1e-4;

    final String model;
    final JsonObject json;
    final SafetensorsFile tensors;

    private Reference(String model) throws IOException {
        this.model = model;
        this.json = Fixtures.reference(model);
        this.tensors = SafetensorsFile.open(Fixtures.dir(model).resolve("reference.safetensors"));
    }

    static Reference of(String model) throws IOException {
        return new Reference(model);
    }

    boolean isT5() {
        return model.startsWith("t5");
    }

    /** @return {@code [B, T]} 1 where the output at that position is part of the contract */
    int[][] realPositions(String output) {
        if (isT5() && (output.equals("logits") || output.startsWith("decoder_hidden_states."))) {
            int[][] labels = Fixtures.matrix(json, "labels");
            int[][] real = new int[labels.length][];
            for (int b = 0; b < labels.length; b++) {
                real[b] = new int[labels[b].length];
                for (int t = 0; t < labels[b].length; t++) {
                    real[b][t] = labels[b][t] != -100 ? 1 : 0;
                }
            }
            return real;
        }
        return Fixtures.matrix(json, "attention_mask");
    }

    /** @return the names of the reference's hidden states, sorted */
    Set<String> hiddenStateNames() {
        Set<String> out = new TreeSet<>();
        for (String n : tensors.tensors().keySet()) {
            if (n.contains("hidden_states.")) {
                out.add(n);
            }
        }
        return out;
    }

    /** @return the parameter names the reference has gradients for, sorted */
    Set<String> gradientNames() {
        Set<String> out = new TreeSet<>();
        for (String n : tensors.tensors().keySet()) {
            if (n.startsWith("grad.")) {
                out.add(n.substring(5));
            }
        }
        return out;
    }

    /** Checks a {@code [B, T, ...]} output against the reference at the real positions, within {@link #ABS}. */
    void checkAtRealPositions(String name, float[] actual, int[] shape) throws IOException {
        float[] ref = tensors.readFloats(name);
        int[] refShape = tensors.info(name).shape();
        assertEquals(java.util.Arrays.toString(refShape), java.util.Arrays.toString(shape), model + " " + name + " shape");
        int[][] real = realPositions(name);
        int b = shape[0];
        int t = shape[1];
        int inner = ref.length / (b * t);
        double worst = 0;
        String where = "";
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                if (real[i][j] == 0) {
                    continue;
                }
                for (int k = 0; k < inner; k++) {
                    int at = (i * t + j) * inner + k;
                    double d = Math.abs(actual[at] - ref[at]);
                    if (!(d <= worst)) {
                        worst = d;
                        where = "[" + i + ", " + j + ", " + k + "] " + actual[at] + " vs " + ref[at];
                    }
                }
            }
        }
        assertTrue(worst <= ABS, model + " " + name + ": largest difference " + worst + " at " + where);
    }

    /**
     * Checks every gradient: the norm of the difference at most {@link #REL} times the reference's norm.
     *
     * <p>One exception: a gradient that vanishes in exact arithmetic. The attention key bias is one (softmax is
     * invariant to adding the same value to every score of a row), and both sides then hold rounding noise
     * around 1e-11 whose ratio means nothing. A reference gradient whose norm is below 1e-6 of the largest
     * gradient norm counts as vanishing, and the computed one must vanish by the same measure.
     */
    void checkGradients(Map<String, float[]> actual) throws IOException {
        assertEquals(gradientNames(), new TreeSet<>(actual.keySet()), model + ": parameters with gradients");
        Map<String, Double> norms = new java.util.TreeMap<>();
        double largest = 0;
        for (String p : actual.keySet()) {
            double n = norm(tensors.readFloats("grad." + p));
            norms.put(p, n);
            largest = Math.max(largest, n);
        }
        double vanishing = 1e-6 * largest;
        for (Map.Entry<String, float[]> e : actual.entrySet()) {
            String param = e.getKey();
            float[] ref = tensors.readFloats("grad." + param);
            float[] g = e.getValue();
            assertEquals(ref.length, g.length, model + " grad." + param + " size");
            double norm = norms.get(param);
            if (norm < vanishing) {
                double mine = norm(g);
                assertTrue(mine < vanishing, model + " grad." + param + " vanishes in the reference (norm " + norm
                        + ") but has norm " + mine);
                continue;
            }
            double diff = 0;
            for (int i = 0; i < ref.length; i++) {
                diff += (g[i] - (double) ref[i]) * (g[i] - (double) ref[i]);
            }
            diff = Math.sqrt(diff);
            assertTrue(diff <= REL * norm, model + " grad." + param + ": |g - ref| = " + diff + ", |ref| = " + norm
                    + ", ratio " + diff / norm);
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** @return the batch loss, then the loss after each of the reference's AdamW steps */
    double[] losses() {
        JsonArray a = json.getAsJsonArray("loss_and_adamw_losses");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** Checks losses against {@link #losses()}, each within {@link #REL} relative. */
    void checkLosses(double[] actual) {
        double[] ref = losses();
        assertEquals(ref.length, actual.length, model + ": number of losses");
        for (int i = 0; i < ref.length; i++) {
            double rel = Math.abs(actual[i] - ref[i]) / Math.abs(ref[i]);
            if (!(rel <= REL)) {
                fail(model + ": loss " + i + " is " + actual[i] + ", reference " + ref[i] + " (relative " + rel + ")");
            }
        }
    }

    /** @return the AdamW hyper-parameters of the reference run */
    Map<String, Double> adamw() {
        JsonObject a = json.getAsJsonObject("adamw");
        JsonArray betas = a.getAsJsonArray("betas");
        return Map.of("lr", a.get("lr").getAsDouble(), "beta1", betas.get(0).getAsDouble(),
                "beta2", betas.get(1).getAsDouble(), "eps", a.get("eps").getAsDouble(),
                "weight_decay", a.get("weight_decay").getAsDouble());
    }

    @Override
    public void close() {
        tensors.close();
    }
}
