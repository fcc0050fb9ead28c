package dev.graft.runtime.cli.model;

import com.google.gson.GsonBuilder;
import dev.graft.api.model.ModelConfig;
import dev.graft.api.model.ModelFamilies;
import dev.graft.api.model.bert.BertConfig;
import dev.graft.api.model.gpt2.Gpt2Config;
import dev.graft.api.model.io.SafetensorsFile;
import dev.graft.api.model.io.TensorInfo;
import dev.graft.api.model.t5.T5Config;
import dev.graft.api.model.tokenizer.SpecialTokens;
import dev.graft.api.model.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft model info DIR}: the family, sizes, parameter count, dtype and tokenizer of a model directory,
 * read from {@code config.json}, the safetensors header and {@code tokenizer.json} without loading the weights.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        header = "Family, sizes, parameter count, dtype and tokenizer of a model directory.",
        description = "Reads config.json, the header of model.safetensors and "
                + "tokenizer.json; the weights themselves are not loaded.")
final class ModelInfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A Hugging Face model directory.")
    Path dir;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ModelDirs.requireDirectory(dir);
        String family = ModelFamilies.forDirectory(dir).name();
        ModelConfig config = ModelConfig.read(dir.resolve("config.json"));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("family", family);
        info.put("architectures", config.architectures());
        info.put("sizes", sizes(config));
        Path weights = dir.resolve("model.safetensors");
        if (Files.isRegularFile(weights)) {
            try (SafetensorsFile f = SafetensorsFile.open(weights)) {
                long params = 0;
                TreeSet<String> dtypes = new TreeSet<>();
                for (TensorInfo t : f.tensors().values()) {
                    params += t.numel();
                    dtypes.add(t.dtype().safetensorsName());
                }
                info.put("parameters", params);
                info.put("tensors", f.tensors().size());
                info.put("dtype", String.join(", ", dtypes));
                info.put("weights_bytes", Files.size(weights));
            }
        } else {
            info.put("parameters", null);
            info.put("weights", "no model.safetensors");
        }
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            try (Tokenizer tok = Tokenizer.load(dir.resolve("tokenizer.json"))) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("vocab_size", tok.vocabSize());
                t.put("special_tokens", special(tok.specialTokens()));
                info.put("tokenizer", t);
            }
        } else {
            info.put("tokenizer", null);
        }
        print(info);
        return 0;
    }

    private static Map<String, Object> sizes(ModelConfig c) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("vocab_size", c.vocabSize());
        s.put("hidden_size", c.hiddenSize());
        switch (c) {
            case BertConfig b -> {
                s.put("layers", b.numHiddenLayers());
                s.put("heads", b.numAttentionHeads());
                s.put("feed_forward", b.intermediateSize());
                s.put("positions", b.maxPositionEmbeddings());
                s.put("activation", b.hiddenAct().hfName());
            }
            case Gpt2Config g -> {
                s.put("layers", g.nLayer());
                s.put("heads", g.nHead());
                s.put("feed_forward", g.nInner());
                s.put("positions", g.nPositions());
                s.put("activation", g.activation().hfName());
                s.put("tied_head", g.tieWordEmbeddings());
            }
            case T5Config t -> {
                s.put("encoder_layers", t.numLayers());
                s.put("decoder_layers", t.numDecoderLayers());
                s.put("heads", t.numHeads());
                s.put("head_size", t.dKv());
                s.put("feed_forward", t.dFf());
                s.put("feed_forward_proj", t.feedForward().hfName());
                s.put("tied_head", t.tieWordEmbeddings());
            }
            default -> {
            }
        }
        return s;
    }

    private static List<String> special(SpecialTokens s) {
        List<String> out = new ArrayList<>();
        add(out, "pad", s.pad());
        add(out, "unk", s.unk());
        add(out, "cls", s.cls());
        add(out, "sep", s.sep());
        add(out, "mask", s.mask());
        add(out, "bos", s.bos());
        add(out, "eos", s.eos());
        return out;
    }

    private static void add(List<String> out, String role, Optional<SpecialTokens.Token> t) {
        t.ifPresent(x -> out.add(role + "=" + x.text() + " (" + x.id() + ")"));
    }

    private void print(Map<String, Object> info) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                    .toJson(info));
            return;
        }
        out.println("family:       " + info.get("family") + " " + info.get("architectures"));
        StringBuilder sizes = new StringBuilder();
        ((Map<?, ?>) info.get("sizes")).forEach((k, v) -> sizes.append(sizes.isEmpty() ? "" : ", ").append(k)
                .append(' ').append(v));
        out.println("sizes:        " + sizes);
        if (info.get("parameters") != null) {
            out.printf("parameters:   %,d in %d tensors%n", (Long) info.get("parameters"), info.get("tensors"));
            out.printf("dtype:        %s (%,d bytes)%n", info.get("dtype"), (Long) info.get("weights_bytes"));
        } else {
            out.println("parameters:   unknown (no model.safetensors)");
        }
        if (info.get("tokenizer") instanceof Map<?, ?> t) {
            out.println("tokenizer:    tokenizer.json, vocabulary " + t.get("vocab_size") + ", "
                    + String.join(", ", ((List<?>) t.get("special_tokens")).stream().map(String::valueOf).toList()));
        } else {
            out.println("tokenizer:    none (no tokenizer.json)");
        }
    }
}
