/**
 * The plugin SPIs: Experiment, TuningMethod, TransferStrategy, Analyzer, ModelFamily, GrowthOperator and RunContext.
 */
package dev.graft.api.spi;
