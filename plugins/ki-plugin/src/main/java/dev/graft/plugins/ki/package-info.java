/**
 * Knowledge Inheritance (Qin et al., "Knowledge Inheritance for Pre-trained Language Models", NAACL 2022): the
 * experiment {@code ki.reproduce} ({@link dev.graft.plugins.ki.KiReproduce}) pre-trains a larger BERT with the
 * objective {@code (1 − α_t)·L_MLM + α_t·T²·KL(teacher ‖ student)} on the masked tokens, a smaller pre-trained
 * BERT as the frozen teacher and {@code α_t} decaying linearly to 0, and measures the compute it saves against
 * training from scratch, the teacher's forward passes counted. The objective lives in
 * {@code dev.graft.api.train.KnowledgeInheritance}.
 */
package dev.graft.plugins.ki;
