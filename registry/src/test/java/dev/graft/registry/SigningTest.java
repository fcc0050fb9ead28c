package dev.graft.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {
    @TempDir
    Path dir;

    @Test
    void signatureVerifiesOnlyTheSignedBytesWithTheRightKey() throws Exception {
        KeyPair kp = Ed25519.generate();
        KeyPair other = Ed25519.generate();
        byte[] data = "index".getBytes(StandardCharsets.UTF_8);
        byte[] sig = Ed25519.sign(kp.getPrivate(), data);
        assertTrue(Ed25519.verify(kp.getPublic(), data, sig));
        assertFalse(Ed25519.verify(kp.getPublic(), "indeX".getBytes(StandardCharsets.UTF_8), sig));
        assertFalse(Ed25519.verify(other.getPublic(), data, sig));
        assertFalse(Ed25519.verify(kp.getPublic(), data, "not base64!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keyFilesRoundTripAndAreNotOverwritten() throws Exception {
        KeyPair kp = Ed25519.generate();
        Path pub = Ed25519.writeKeyPair(kp, dir, "reg");
        assertEquals(kp.getPublic(), Ed25519.readPublic(pub));
        byte[] sig = Ed25519.sign(Ed25519.readPrivate(dir.resolve("reg.key")), new byte[] {1, 2});
        assertTrue(Ed25519.verify(kp.getPublic(), new byte[] {1, 2}, sig));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Ed25519.writeKeyPair(Ed25519.generate(), dir, "reg"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("reg.key"))));
    }

    @Test
    void publishedIndexIsSignedAndGenerationsIncrease() throws Exception {
        KeyPair kp = Ed25519.generate();
        Path reg = dir.resolve("reg");
        Publisher pub = new Publisher(reg, kp.getPrivate(), kp.getPublic(), Clock.systemUTC());
        PluginIndex one = pub.publish(TestJars.plugin("alpha", "1.0.0").write(dir));
        PluginIndex two = pub.publish(TestJars.plugin("alpha", "1.1.0").write(dir));
        assertEquals(1, one.generation());
        assertEquals(2, two.generation());
        SignedIndex si = SignedIndex.load(new DirectoryRegistry(reg), kp.getPublic(), false);
        assertTrue(si.signed());
        assertEquals(2, si.index().plugin("alpha").orElseThrow().releases().size());
        PluginIndex.Release r = si.index().plugin("alpha").orElseThrow().release("1.1.0").orElseThrow();
        assertEquals(Digests.sha256(reg.resolve(r.url())), r.sha256());
        assertEquals(Files.size(reg.resolve(r.url())), r.size());
        // the same version with other bytes is refused: releases are immutable
        RefusedException e = assertThrows(RefusedException.class,
                () -> pub.publish(TestJars.plugin("alpha", "1.1.0").entry("more.txt", "x").write(dir)));
        assertEquals(RefusedException.Reason.CONFLICT, e.reason());
        // reindex rebuilds the same releases with a higher generation
        PluginIndex three = pub.reindex();
        assertEquals(3, three.generation());
        assertEquals(si.index().plugins(), three.plugins());
    }
}
