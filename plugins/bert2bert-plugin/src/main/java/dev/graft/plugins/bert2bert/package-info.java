/**
 * bert2BERT (Chen et al., "bert2BERT: Towards Reusable Pretrained Language Models", ACL 2022): the growth
 * operators {@link dev.graft.plugins.bert2bert.FpiGrowth FPI} and {@link dev.graft.plugins.bert2bert.AkiGrowth AKI}
 * as {@code GrowthOperator} extensions, and the experiment {@code bert2bert.reproduce}
 * ({@link dev.graft.plugins.bert2bert.Bert2BertReproduce}), which grows a pre-trained small BERT, continues
 * pre-training with the paper's two stages, and measures the compute it saves against training from scratch.
 * The operators themselves live in {@code dev.graft.api.surgery}, shared with the other growth methods.
 */
package dev.graft.plugins.bert2bert;
