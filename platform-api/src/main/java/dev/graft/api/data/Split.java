package dev.graft.api.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The three splits of every task and QA set, assigned by hashing a group key so that related examples
 * (same synset, headword, file, country) always land in the same split.
 *
 * <p>The rule, identical on every machine and run: take the MD5 digest of the key's UTF-8 bytes, read its
 * first four bytes as a big-endian unsigned integer, reduce it modulo 100; buckets 0–79 are
 * {@link #TRAIN}, 80–89 {@link #DEV}, 90–99 {@link #TEST}.
 */
public enum Split {
    /** about 80 % of the groups */
    TRAIN,
    /** about 10 % of the groups */
    DEV,
    /** about 10 % of the groups */
    TEST;

    /**
     * @param groupKey the group key (never {@code null})
     * @return the split of every example with this key
     */
    public static Split of(String groupKey) {
        int bucket = bucket(groupKey);
        return bucket < 80 ? TRAIN : bucket < 90 ? DEV : TEST;
    }

    /**
     * @param key any string
     * @return the key's bucket in {@code [0, 100)}
     */
    static int bucket(String key) {
        return (int) (Integer.toUnsignedLong(hash32(key)) % 100);
    }

    /**
     * @param key any string
     * @return the first four bytes of the MD5 of the key's UTF-8 bytes, big-endian
     */
    static int hash32(String key) {
        byte[] d = md5(key);
        return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
    }

    /**
     * @param key any string
     * @return a 64-bit hash of the key (first eight bytes of its MD5), used to order and pick items
     *     deterministically
     */
    static long hash64(String key) {
        byte[] d = md5(key);
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return h;
    }

    // One digest object per thread: MessageDigest.getInstance is slow compared with hashing a short key.
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    });

    private static byte[] md5(String key) {
        return MD5.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the lower-case name used in files and on the command line */
    public String label() {
        return Labels.of(this);
    }
}
