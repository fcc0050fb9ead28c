package dev.graft.api.train.reuse;

import dev.graft.api.train.CurvePoint;
import dev.graft.api.train.LossCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws validation loss against training compute, one line per run, as a PNG: the figure bert2BERT and Knowledge
 * Inheritance report (loss vs FLOPs). The loss axis ends a little above the highest second evaluation of any curve,
 * so a random initialisation's first loss does not flatten the rest; lines above it are clipped. Headless Java 2D
 * only; deterministic for the same input. Stateless.
 */
public final class LossComputeChart {
    private static final int W = 960;
    private static final int H = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private LossComputeChart() {
    }

    /**
     * @param title         the chart's title
     * @param curves        label to curve, drawn in map order
     * @param includeSource whether the compute axis includes the source model's pre-training
     * @return the PNG bytes
     * @throws IOException if the image cannot be encoded
     * @throws IllegalArgumentException if no curve has a point
     */
    public static byte[] png(String title, Map<String, LossCurve> curves, boolean includeSource) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        double xMax = 0;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (LossCurve c : curves.values()) {
            for (CurvePoint p : c.points()) {
                if (Double.isFinite(p.loss())) {
                    xMax = Math.max(xMax, x(p, includeSource));
                    yMin = Math.min(yMin, p.loss());
                    yMax = Math.max(yMax, p.loss());
                }
            }
        }
        if (yMin > yMax) {
            throw new IllegalArgumentException("no curve has a finite point to draw");
        }
        // A random initialisation's first loss would squash the part of the curves that matters: the axis stops at
        // the highest second evaluation, and lines above it are clipped at the frame.
        double secondMax = Double.NEGATIVE_INFINITY;
        for (LossCurve c : curves.values()) {
            List<CurvePoint> finite = c.points().stream().filter(p -> Double.isFinite(p.loss())).toList();
            if (finite.isEmpty()) {
                continue;
            }
            secondMax = Math.max(secondMax, finite.get(Math.min(1, finite.size() - 1)).loss());
        }
        if (secondMax > yMin && secondMax < yMax) {
            yMax = secondMax + 0.1 * (secondMax - yMin);
        }
        if (xMax <= 0) {
            xMax = 1;
        }
        if (yMax - yMin < 1e-9) {
            yMax = yMin + 1;
        }
        double[] yTicks = ticks(yMin, yMax);
        double[] xTicks = ticks(0, xMax);
        double y0 = Math.min(yMin, yTicks[0]);
        double y1 = Math.max(yMax, yTicks[yTicks.length - 1]);
        double x1 = Math.max(xMax, xTicks[xTicks.length - 1]);

        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            int pw = W - LEFT - RIGHT;
            int ph = H - TOP - BOTTOM;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (double t : yTicks) {
                int py = TOP + (int) Math.round(ph * (y1 - t) / (y1 - y0));
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(LEFT, py, LEFT + pw, py);
                g.setColor(Color.DARK_GRAY);
                String s = String.format(Locale.ROOT, "%.2f", t);
                g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
            }
            for (double t : xTicks) {
                int px = LEFT + (int) Math.round(pw * t / x1);
                g.setColor(new Color(0xe6e6e6));
                g.drawLine(px, TOP, px, TOP + ph);
                g.setColor(Color.DARK_GRAY);
                String s = t == 0 ? "0" : String.format(Locale.ROOT, "%.1e", t);
                g.drawString(s, px - fm.stringWidth(s) / 2, TOP + ph + fm.getAscent() + 6);
            }
            g.setColor(Color.GRAY);
            g.drawRect(LEFT, TOP, pw, ph);
            String xLabel = includeSource ? "training FLOPs, source pre-training included" : "training FLOPs";
            g.setColor(Color.BLACK);
            g.drawString(xLabel, LEFT + pw / 2 - fm.stringWidth(xLabel) / 2, H - 16);
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            String yLabel = "validation MLM loss";
            r.drawString(yLabel, -(TOP + ph / 2) - fm.stringWidth(yLabel) / 2, 20);
            r.dispose();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, TOP - 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

            int i = 0;
            int legendY = TOP + 10;
            java.awt.Shape frame = new java.awt.Rectangle(LEFT, TOP, pw + 1, ph + 1);
            for (Map.Entry<String, LossCurve> e : curves.entrySet()) {
                Color c = PALETTE[i++ % PALETTE.length];
                g.setColor(c);
                g.setStroke(new BasicStroke(2f));
                Path2D path = new Path2D.Double();
                boolean started = false;
                for (CurvePoint p : e.getValue().points()) {
                    if (!Double.isFinite(p.loss())) {
                        continue;
                    }
                    double px = LEFT + pw * x(p, includeSource) / x1;
                    double py = TOP + ph * (y1 - p.loss()) / (y1 - y0);
                    if (started) {
                        path.lineTo(px, py);
                    } else {
                        path.moveTo(px, py);
                        started = true;
                    }
                }
                g.setClip(frame);
                g.draw(path);
                g.setClip(null);
                g.drawLine(LEFT + pw + 16, legendY, LEFT + pw + 40, legendY);
                g.setColor(Color.BLACK);
                g.drawString(e.getKey(), LEFT + pw + 46, legendY + fm.getAscent() / 2 - 1);
                legendY += 20;
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
        return out.toByteArray();
    }

    private static double x(CurvePoint p, boolean includeSource) {
        return includeSource ? p.flopsWithSource() : p.flops();
    }

    /** About five round tick values covering {@code [lo, hi]}. */
    static double[] ticks(double lo, double hi) {
        double span = hi - lo;
        double raw = span / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (raw <= m * mag) {
                step = m * mag;
                break;
            }
        }
        List<Double> t = new ArrayList<>();
        for (double v = Math.floor(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            t.add(v);
        }
        if (t.getLast() < hi) {
            t.add(t.getLast() + step);
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
