/**
 * Real text and labels from the embedded data bundle ({@code data/}), rebuilt deterministically.
 *
 * <ul>
 *   <li>{@link dev.graft.api.data.DataBundle} opens and verifies the bundle (WordNet 3.0, the KJV, the
 *       Jargon File, the Devil's Dictionary, the Python 3.11 docs, the CIA World Factbook, AFINN-165);
 *       {@link dev.graft.api.data.DataSources} parses it.</li>
 *   <li>{@link dev.graft.api.data.DataCatalog} builds and caches every {@link dev.graft.api.data.Dataset}:
 *       classification tasks ({@link dev.graft.api.data.ClassificationTask}), QA sets in three formats
 *       ({@link dev.graft.api.data.QaSet}) and entity/relation-linked corpora
 *       ({@link dev.graft.api.data.LinkedDocument}); and the pre-training {@link dev.graft.api.data.Domain}s
 *       as streams of {@link dev.graft.api.data.Document}s.</li>
 *   <li>Splits are assigned by hashing a group key ({@link dev.graft.api.data.Split}), so related examples
 *       never straddle train and test.</li>
 *   <li>{@link dev.graft.api.data.ExtendedData} builds the domains and tasks of the sources
 *       {@code graft data fetch --extended} converts (GCIDE, FOLDOC, the Debian handbook, fortunes, Brown, SpamAssassin),
 *       among them the word-level {@link dev.graft.api.data.TaggingTask} {@code brown_pos}.</li>
 *   <li>{@link dev.graft.api.data.BagOfWordsBaseline} is a logistic-regression sanity baseline;
 *       {@link dev.graft.api.data.MostFrequentTagBaseline} the standard one of a tagging task.</li>
 *   <li>Batching for language-model training works on plain token ids from a
 *       {@link dev.graft.api.data.TokenEncoder}: token-budget batches with dynamic padding, MLM masking,
 *       causal-LM packing and T5 span corruption; {@link dev.graft.api.data.BundleTokenizers} trains WordPiece and
 *       byte-level BPE tokenizers on the bundle.</li>
 * </ul>
 */
package dev.graft.api.data;
