/**
 * Run records: every {@code graft run} writes {@code runs/<timestamp>-<name>/} with the resolved configuration
 * ({@code config.json}), the provenance ({@code run.json}: seed, host, API, SPI and plugin versions, backend,
 * Java and OS, status), {@code metrics.jsonl}, PNG plots and {@code report.md}/{@code report.html}. Progress is
 * shown with rate and ETA; cancellation keeps the last checkpoint and {@code graft run --resume DIR} continues.
 */
package dev.graft.runtime.run;
