package dev.graft.api.data;

/**
 * Summary of one task or QA set, as printed by {@code graft data stats}.
 *
 * @param name             the dataset's name
 * @param format           {@code classification}, {@code extractive}, {@code multiple_choice}, {@code yes_no} or
 *                         {@code tagging}
 * @param train            examples in the training split (words, for a tagging task)
 * @param dev              examples in the development split
 * @param test             examples in the test split
 * @param classes          number of classes (labels; tags; options of a multiple-choice set; 2 for yes/no; 0 for
 *                         extractive)
 * @param majorityAccuracy test accuracy of the training split's majority class; NaN for extractive sets
 * @param fingerprint      SHA-256 over every example's id, split and answer, in order: equal fingerprints
 *                         mean equal datasets
 */
public record DatasetStats(String name, String format, int train, int dev, int test, int classes,
                           double majorityAccuracy, String fingerprint) {
    /** @return train + dev + test */
    public int total() {
        return train + dev + test;
    }
}
