/**
 * The Graft API: everything a plugin compiles against.
 *
 * <p>Tensors with eager autograd ({@code dev.graft.api.tensor}), the {@code ComputeBackend} kernel SPI and its
 * {@code ReferenceBackend} oracle, neural-network modules and optimizers, model families with Hugging Face
 * interop, data, training utilities, model surgery and the plugin SPIs.
 */
module dev.graft.api {
    requires transitive jdk.incubator.vector;
    requires com.google.gson;
    requires java.desktop;
    requires ai.djl.tokenizers;
    requires ai.djl.api;

    exports dev.graft.api.spi;
    exports dev.graft.api.tensor;
    exports dev.graft.api.data;
    exports dev.graft.api.nn;
    exports dev.graft.api.optim;
    exports dev.graft.api.model;
    exports dev.graft.api.model.bert;
    exports dev.graft.api.model.gpt2;
    exports dev.graft.api.model.t5;
    exports dev.graft.api.surgery;
    exports dev.graft.api.train;
    exports dev.graft.api.train.reuse;
    exports dev.graft.api.model.io;
    exports dev.graft.api.model.tokenizer;
    // Each package is exported once it has a public type (an export of an empty package does not compile).
    // Shared helpers of the host's own modules; not API.
    exports dev.graft.api.internal to dev.graft.runtime;

    uses dev.graft.api.tensor.ComputeBackend;
    uses dev.graft.api.spi.ModelFamily;

    provides dev.graft.api.spi.ModelFamily with
            dev.graft.api.model.bert.BertFamily,
            dev.graft.api.model.bert.RobertaFamily,
            dev.graft.api.model.gpt2.Gpt2Family,
            dev.graft.api.model.t5.T5Family;
}
