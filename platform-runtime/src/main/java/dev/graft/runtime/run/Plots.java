package dev.graft.runtime.run;

import dev.graft.registry.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws one PNG line plot per metric (value against step) with XChart, headless. Non-finite values are
 * skipped. File names are the metric's name with {@code /} replaced by {@code _}.
 */
public final class Plots {
    /** The plots' directory inside a run directory. */
    public static final String DIR = "plots";

    private Plots() {
    }

    /**
     * Loads the headless graphics stack and fonts by drawing a small chart into memory. The runner calls this
     * before an experiment starts, because a run stopped by Ctrl-C draws its plots while the JVM is shutting
     * down, when the graphics stack can no longer start.
     *
     * @throws IOException if the chart cannot be encoded
     */
    public static void prepare() throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = new XYChartBuilder().width(40).height(30).title("warm-up").xAxisTitle("step").yAxisTitle("v").build();
        chart.addSeries("warm-up", new double[] {0, 1}, new double[] {0, 1});
        BitmapEncoder.saveBitmap(chart, new ByteArrayOutputStream(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * @param points the metrics
     * @return the points grouped by metric name, in first-seen order
     */
    public static Map<String, List<MetricsFile.Point>> byMetric(List<MetricsFile.Point> points) {
        Map<String, List<MetricsFile.Point>> m = new LinkedHashMap<>();
        for (MetricsFile.Point p : points) {
            m.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
        }
        return m;
    }

    /**
     * Writes {@code plots/<metric>.png} for every metric with at least one finite value, each atomically.
     *
     * @param runDir the run directory
     * @param points the metrics
     * @return the written files, relative to {@code runDir}, by metric name
     * @throws IOException if a file cannot be written
     */
    public static Map<String, String> write(Path runDir, List<MetricsFile.Point> points) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Map<String, String> files = new LinkedHashMap<>();
        Files.createDirectories(runDir.resolve(DIR));
        for (Map.Entry<String, List<MetricsFile.Point>> e : byMetric(points).entrySet()) {
            List<MetricsFile.Point> finite = e.getValue().stream().filter(p -> Double.isFinite(p.value())).toList();
            if (finite.isEmpty()) {
                continue;
            }
            double[] x = finite.stream().mapToDouble(MetricsFile.Point::step).toArray();
            double[] y = finite.stream().mapToDouble(MetricsFile.Point::value).toArray();
            XYChart chart = new XYChartBuilder().width(800).height(480).title(e.getKey())
                    .xAxisTitle("step").yAxisTitle(e.getKey()).build();
            chart.getStyler().setLegendVisible(false);
            chart.addSeries(e.getKey(), x, y).setMarker(finite.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
            String rel = DIR + "/" + e.getKey().replace('/', '_') + ".png";
            AtomicFiles.write(runDir.resolve(rel), png.toByteArray());
            files.put(e.getKey(), rel);
        }
        return files;
    }
}
