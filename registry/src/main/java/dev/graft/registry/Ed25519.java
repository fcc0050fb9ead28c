package dev.graft.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys and detached signatures with the JDK's own provider. Public keys are written as one line,
 * {@code ed25519:<base64 X.509>}; private keys as {@code ed25519-private:<base64 PKCS#8>} in a file readable by
 * its owner only; signatures as one line of base64.
 */
public final class Ed25519 {
    private static final String PUBLIC_PREFIX = "ed25519:";
    private static final String PRIVATE_PREFIX = "ed25519-private:";

    private Ed25519() {
    }

    /** @return a new key pair */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * Writes {@code <name>.key} (owner-only) and {@code <name>.pub} into a directory, refusing to overwrite.
     *
     * @return the public key file
     * @throws IOException if a file exists or cannot be written
     */
    public static Path writeKeyPair(KeyPair kp, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        if (Files.exists(key) || Files.exists(pub)) {
            throw new java.nio.file.FileAlreadyExistsException(key.toString(), null, "refusing to overwrite a key");
        }
        Path tmp = Files.createTempFile(dir, ".tmp-", ".key");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the platform's default permissions
            }
            Files.writeString(tmp, PRIVATE_PREFIX + Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n");
            Files.move(tmp, key, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        AtomicFiles.write(pub, (encodePublic(kp.getPublic()) + "\n").getBytes(StandardCharsets.US_ASCII));
        return pub;
    }

    /** @return {@code ed25519:<base64>} */
    public static String encodePublic(PublicKey key) {
        return PUBLIC_PREFIX + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * @param text  {@code ed25519:<base64>}
     * @param where where the text came from, for errors
     * @return the key
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) if it is not such a key
     */
    public static PublicKey decodePublic(String text, String where) {
        String t = text == null ? "" : text.trim();
        if (!t.startsWith(PUBLIC_PREFIX)) {
            throw new RefusedException(RefusedException.Reason.MALFORMED,
                    where + ": expected a public key 'ed25519:<base64>', got '" + abbreviate(t) + "'");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(t.substring(PUBLIC_PREFIX.length()))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, where + ": not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * @param file a {@code .key} file written by {@link #writeKeyPair}
     * @return the private key
     * @throws IOException if it cannot be read
     * @throws RefusedException ({@link RefusedException.Reason#MALFORMED}) if it is not such a key
     */
    public static PrivateKey readPrivate(Path file) throws IOException {
        String t = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!t.startsWith(PRIVATE_PREFIX)) {
            throw new RefusedException(RefusedException.Reason.MALFORMED,
                    file + ": expected a private key 'ed25519-private:<base64>' (written by 'graft registry keygen')");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(t.substring(PRIVATE_PREFIX.length()))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new RefusedException(RefusedException.Reason.MALFORMED, file + ": not an Ed25519 private key", e);
        }
    }

    /**
     * @param file a {@code .pub} file
     * @return the public key
     * @throws IOException if it cannot be read
     */
    public static PublicKey readPublic(Path file) throws IOException {
        return decodePublic(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** @return the base64 signature of the data, as written to a {@code .sig} file (with a newline) */
    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return (Base64.getEncoder().encodeToString(s.sign()) + "\n").getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /**
     * @param key       the trusted public key
     * @param data      the signed bytes
     * @param signature the {@code .sig} file's bytes
     * @return whether the signature is well-formed and verifies
     */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            byte[] raw = Base64.getDecoder().decode(new String(signature, StandardCharsets.US_ASCII).trim());
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(raw);
        } catch (IllegalArgumentException | SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** @return a short fingerprint of a public key: the first 16 hex digits of the SHA-256 of its encoding */
    public static String fingerprint(PublicKey key) {
        return Digests.sha256(key.getEncoded()).substring(0, 16);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
