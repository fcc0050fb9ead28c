package dev.graft.runtime.run;

import dev.graft.registry.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's {@code report.md} and {@code report.html} from its record, configuration, metrics and plots:
 * status and summary, headline numbers, the last value of every metric, the plots, the configuration and the
 * provenance. Both files are self-contained apart from the plot images beside them.
 */
public final class Reports {
    /** The Markdown report's file name. */
    public static final String MARKDOWN = "report.md";
    /** The HTML report's file name. */
    public static final String HTML = "report.html";

    private Reports() {
    }

    /**
     * Writes both reports atomically.
     *
     * @param runDir the run directory
     * @param record the run's record
     * @param config the resolved configuration, name to value as text
     * @param points the metrics
     * @param plots  plot file (relative) by metric name
     * @param plotProblem why plots are missing, or {@code null}
     */
    public static void write(Path runDir, RunRecord record, Map<String, String> config, List<MetricsFile.Point> points,
                             Map<String, String> plots, String plotProblem) throws IOException {
        Map<String, List<MetricsFile.Point>> byMetric = Plots.byMetric(points);
        StringBuilder md = new StringBuilder();
        md.append("# ").append(record.experiment()).append(" — ").append(runDir.getFileName()).append("\n\n");
        md.append("**Status:** ").append(record.status().name().toLowerCase(java.util.Locale.ROOT));
        if (record.error() != null) {
            md.append(" — ").append(record.error());
        }
        md.append("\n\n");
        if (record.summary() != null) {
            md.append(record.summary()).append("\n\n");
        }
        if (!record.headline().isEmpty()) {
            md.append("## Results\n\n| name | value |\n| --- | --- |\n");
            record.headline().forEach(h -> md.append("| ").append(h.name()).append(" | ").append(fmt(h.value())).append(" |\n"));
            md.append('\n');
        }
        if (!byMetric.isEmpty()) {
            md.append("## Metrics (last value)\n\n| metric | step | value |\n| --- | --- | --- |\n");
            byMetric.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.getLast().step()).append(" | ")
                    .append(fmt(v.getLast().value())).append(" |\n"));
            md.append('\n');
        }
        plots.forEach((k, f) -> md.append("![").append(k).append("](").append(f).append(")\n\n"));
        if (plotProblem != null) {
            md.append("Plots could not be drawn: ").append(plotProblem).append("\n\n");
        }
        md.append("## Configuration\n\n| parameter | value |\n| --- | --- |\n");
        config.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n## Provenance\n\n");
        provenance(record).forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        AtomicFiles.write(runDir.resolve(MARKDOWN), md.toString().getBytes(StandardCharsets.UTF_8));

        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(record.experiment() + " — " + runDir.getFileName())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}")
                .append("img{max-width:100%}</style></head><body>\n");
        h.append("<h1>").append(esc(record.experiment())).append(" — ").append(esc(runDir.getFileName().toString())).append("</h1>\n");
        h.append("<p><b>Status:</b> ").append(esc(record.status().name().toLowerCase(java.util.Locale.ROOT)));
        if (record.error() != null) {
            h.append(" — ").append(esc(record.error()));
        }
        h.append("</p>\n");
        if (record.summary() != null) {
            h.append("<p>").append(esc(record.summary())).append("</p>\n");
        }
        if (!record.headline().isEmpty()) {
            h.append("<h2>Results</h2>\n<table><tr><th>name</th><th>value</th></tr>\n");
            record.headline().forEach(x -> h.append("<tr><td>").append(esc(x.name())).append("</td><td>")
                    .append(fmt(x.value())).append("</td></tr>\n"));
            h.append("</table>\n");
        }
        if (!byMetric.isEmpty()) {
            h.append("<h2>Metrics (last value)</h2>\n<table><tr><th>metric</th><th>step</th><th>value</th></tr>\n");
            byMetric.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(v.getLast().step())
                    .append("</td><td>").append(fmt(v.getLast().value())).append("</td></tr>\n"));
            h.append("</table>\n");
        }
        plots.forEach((k, f) -> h.append("<figure><img src=\"").append(esc(f)).append("\" alt=\"").append(esc(k))
                .append("\"><figcaption>").append(esc(k)).append("</figcaption></figure>\n"));
        if (plotProblem != null) {
            h.append("<p>Plots could not be drawn: ").append(esc(plotProblem)).append("</p>\n");
        }
        h.append("<h2>Configuration</h2>\n<table><tr><th>parameter</th><th>value</th></tr>\n");
        config.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table>\n<h2>Provenance</h2>\n<ul>\n");
        provenance(record).forEach((k, v) -> h.append("<li>").append(esc(k)).append(": ").append(esc(v)).append("</li>\n"));
        h.append("</ul>\n</body></html>\n");
        AtomicFiles.write(runDir.resolve(HTML), h.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> provenance(RunRecord r) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("plugin", r.pluginId() + "@" + r.pluginVersion());
        m.put("graft", r.hostVersion() + " (API " + r.apiVersion() + ", SPIs " + r.spiVersions() + ")");
        m.put("seed", Long.toString(r.seed()));
        m.put("backend", r.backend() + " on " + r.device() + (r.precision() == null ? "" : ", " + r.precision()));
        m.put("java", r.java());
        m.put("os", r.os());
        m.put("started", r.started());
        m.put("finished", String.valueOf(r.finished()));
        m.put("resumes", Integer.toString(r.resumes()));
        return m;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.6g", v) : "n/a";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
