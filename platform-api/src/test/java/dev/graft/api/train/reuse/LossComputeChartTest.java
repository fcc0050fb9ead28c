package dev.graft.api.train.reuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.api.train.CurvePoint;
import dev.graft.api.train.LossCurve;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LossComputeChartTest {
    @Test
    void drawsEveryCurveInItsOwnColour() throws IOException {
        Map<String, LossCurve> curves = new LinkedHashMap<>();
        curves.put("scratch", new LossCurve(List.of(new CurvePoint(0, 0, 0, 9), new CurvePoint(10, 1000, 1000, 5))));
        curves.put("grown", new LossCurve(List.of(new CurvePoint(0, 10, 510, 6), new CurvePoint(10, 1010, 1510, 4))));
        byte[] png = LossComputeChart.png("test", curves, false);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(960, img.getWidth());
        assertEquals(560, img.getHeight());
        int blue = 0;
        int red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                blue += rgb == 0x1f77b4 ? 1 : 0;
                red += rgb == 0xd62728 ? 1 : 0;
            }
        }
        assertTrue(blue > 100 && red > 100, "series pixels: " + blue + " blue, " + red + " red");
        assertArrayEquals(png, LossComputeChart.png("test", curves, false), "deterministic");
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertArrayEquals(new double[] {2.0, 2.5, 3.0, 3.5, 4.0, 4.5}, LossComputeChart.ticks(2.1, 4.4), 1e-12);
        double[] t = LossComputeChart.ticks(0, 7.3e12);
        assertEquals(0, t[0]);
        assertTrue(t[t.length - 1] >= 7.3e12);
    }
}
