package dev.graft.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitTest {
    /** The rule as written in the data plan: int(md5(key).hexdigest()[:8], 16) % 100. */
    private static int referenceBucket(String key) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
        return new BigInteger(hex.substring(0, 8), 16).mod(BigInteger.valueOf(100)).intValue();
    }

    @Test
    void bucketMatchesTheHexDigestRule() throws Exception {
        for (String key : new String[] {"n00001740", "library/json", "abandon", "fr", "ünïcödé", ""}) {
            assertEquals(referenceBucket(key), Split.bucket(key), key);
            int b = referenceBucket(key);
            assertEquals(b < 80 ? Split.TRAIN : b < 90 ? Split.DEV : Split.TEST, Split.of(key), key);
        }
    }

    @Test
    void tenThousandKeysSplitRoughlyEightyTenTen() {
        Map<Split, Integer> n = new EnumMap<>(Split.class);
        for (int i = 0; i < 10_000; i++) {
            n.merge(Split.of("key" + i), 1, Integer::sum);
        }
        // Binomial standard deviations: 40 for train, 30 for dev and test; allow five.
        assertTrue(Math.abs(n.get(Split.TRAIN) - 8000) < 200, n.toString());
        assertTrue(Math.abs(n.get(Split.DEV) - 1000) < 150, n.toString());
        assertTrue(Math.abs(n.get(Split.TEST) - 1000) < 150, n.toString());
    }
}
